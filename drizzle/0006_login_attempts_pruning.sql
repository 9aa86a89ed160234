ALTER TABLE `login_attempts` ADD `attempted_at` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
-- Counts kept before this migration start their retention now, not at 1970.
UPDATE `login_attempts` SET `attempted_at` = CAST(strftime('%s', 'now') AS INTEGER) * 1000;
