CREATE TABLE `remote_audit` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`at` integer NOT NULL,
	`kind` text NOT NULL,
	`peer_id` text NOT NULL,
	`peer_name` text NOT NULL,
	`session_id` text,
	`scopes` text NOT NULL,
	`detail` text
);
--> statement-breakpoint
CREATE INDEX `remote_audit_at` ON `remote_audit` (`at`);