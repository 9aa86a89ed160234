CREATE INDEX `email_outbox_sent_idx` ON `email_outbox` (`sent_at`) WHERE "email_outbox"."sent_at" is not null;--> statement-breakpoint
CREATE INDEX `email_outbox_failed_idx` ON `email_outbox` (`failed_at`) WHERE "email_outbox"."failed_at" is not null;--> statement-breakpoint
CREATE INDEX `login_attempts_attempted_idx` ON `login_attempts` (`attempted_at`);