-- The username search's index: an FTS5 trigram table over the live users' usernames, kept
-- by triggers (drizzle-kit cannot declare virtual tables or triggers: a custom migration).
-- Its rowid is the user row's rowid. Soft-deleted users leave it; a username change
-- replaces the entry. The search still re-checks instr(lower(username), term) on every row
-- it returns, so the index only narrows: it never decides a match alone. Terms shorter than
-- three characters cannot use a trigram index and are answered by the scan.
CREATE VIRTUAL TABLE `users_search` USING fts5(`username`, tokenize = 'trigram');
--> statement-breakpoint
INSERT INTO `users_search` (`rowid`, `username`) SELECT `rowid`, `username` FROM `users` WHERE `deleted_at` IS NULL;
--> statement-breakpoint
CREATE TRIGGER `users_search_ai` AFTER INSERT ON `users` WHEN new.`deleted_at` IS NULL BEGIN
  INSERT INTO `users_search` (`rowid`, `username`) VALUES (new.`rowid`, new.`username`);
END;
--> statement-breakpoint
CREATE TRIGGER `users_search_au` AFTER UPDATE OF `username`, `deleted_at` ON `users` BEGIN
  DELETE FROM `users_search` WHERE `rowid` = old.`rowid`;
  INSERT INTO `users_search` (`rowid`, `username`) SELECT new.`rowid`, new.`username` WHERE new.`deleted_at` IS NULL;
END;
--> statement-breakpoint
CREATE TRIGGER `users_search_ad` AFTER DELETE ON `users` BEGIN
  DELETE FROM `users_search` WHERE `rowid` = old.`rowid`;
END;
