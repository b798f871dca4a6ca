CREATE TABLE `meeting_chat` (
	`room_id` text NOT NULL,
	`id` text NOT NULL,
	`author_id` text NOT NULL,
	`author_name` text NOT NULL,
	`text` text NOT NULL,
	`sent_at` integer NOT NULL,
	`via_id` text,
	`via_name` text,
	PRIMARY KEY(`room_id`, `id`)
);
--> statement-breakpoint
CREATE INDEX `meeting_chat_room_time` ON `meeting_chat` (`room_id`,`sent_at`,`id`);