-- Custom SQL migration file, put your code below! --
-- Refresh-token families issued before sessions existed become sessions, so their holders
-- keep working after the upgrade: a family is ended when all its tokens are revoked.
INSERT INTO `sessions` (`id`, `user_id`, `created_at`, `last_used_at`, `expires_at`, `user_agent`, `ended_at`)
SELECT `family_id`, min(`user_id`), min(`created_at`), max(coalesce(`used_at`, `created_at`)), max(`expires_at`), NULL,
  CASE WHEN count(*) = count(`revoked_at`) THEN max(`revoked_at`) ELSE NULL END
FROM `refresh_tokens`
WHERE `family_id` NOT IN (SELECT `id` FROM `sessions`)
GROUP BY `family_id`;
