CREATE TABLE `users` (
	`id` text PRIMARY KEY NOT NULL,
	`username` text NOT NULL,
	`email` text NOT NULL,
	`password_hash` text NOT NULL,
	`role` text DEFAULT 'user' NOT NULL,
	`status` text DEFAULT 'active' NOT NULL,
	`failed_login_count` integer DEFAULT 0 NOT NULL,
	`locked_until` integer,
	`last_login_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`deleted_at` integer,
	CONSTRAINT "users_role_ck" CHECK("users"."role" in ('user', 'admin')),
	CONSTRAINT "users_status_ck" CHECK("users"."status" in ('active', 'suspended')),
	CONSTRAINT "users_failed_login_count_ck" CHECK("users"."failed_login_count" >= 0)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `users_username_live_uq` ON `users` (lower("username")) WHERE "users"."deleted_at" is null;--> statement-breakpoint
CREATE UNIQUE INDEX `users_email_live_uq` ON `users` (lower("email")) WHERE "users"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX `users_created_at_idx` ON `users` (`created_at`,`id`);