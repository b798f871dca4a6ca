CREATE TABLE `comments` (
	`id` text PRIMARY KEY NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`deleted_at` integer,
	`task_id` text NOT NULL,
	`member_id` text NOT NULL,
	`body` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `comments_task` ON `comments` (`task_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `members` (
	`id` text PRIMARY KEY NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`deleted_at` integer,
	`name` text NOT NULL,
	`role` text DEFAULT '' NOT NULL,
	`email` text DEFAULT '' NOT NULL,
	`workdays` text DEFAULT '1,2,3,4,5' NOT NULL,
	`work_start` text DEFAULT '09:00' NOT NULL,
	`work_end` text DEFAULT '17:00' NOT NULL
);
--> statement-breakpoint
CREATE TABLE `meta` (
	`key` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `ops` (
	`id` text PRIMARY KEY NOT NULL,
	`entity` text NOT NULL,
	`entity_id` text NOT NULL,
	`kind` text NOT NULL,
	`fields` text NOT NULL,
	`at` integer NOT NULL,
	`seq` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `ops_seq` ON `ops` (`seq`);--> statement-breakpoint
CREATE TABLE `projects` (
	`id` text PRIMARY KEY NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`deleted_at` integer,
	`name` text NOT NULL,
	`client` text DEFAULT '' NOT NULL,
	`colour` text NOT NULL,
	`status` text NOT NULL,
	`start_date` text,
	`end_date` text
);
--> statement-breakpoint
CREATE TABLE `task_assignees` (
	`id` text PRIMARY KEY NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`deleted_at` integer,
	`task_id` text NOT NULL,
	`member_id` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `task_assignees_task` ON `task_assignees` (`task_id`);--> statement-breakpoint
CREATE TABLE `tasks` (
	`id` text PRIMARY KEY NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`deleted_at` integer,
	`project_id` text NOT NULL,
	`title` text NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`status` text NOT NULL,
	`due_date` text,
	`estimate_minutes` integer,
	`board_order` real NOT NULL
);
--> statement-breakpoint
CREATE INDEX `tasks_project` ON `tasks` (`project_id`,`status`,`board_order`);--> statement-breakpoint
CREATE TABLE `team_members` (
	`id` text PRIMARY KEY NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`deleted_at` integer,
	`team_id` text NOT NULL,
	`member_id` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `team_members_team` ON `team_members` (`team_id`);--> statement-breakpoint
CREATE TABLE `teams` (
	`id` text PRIMARY KEY NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`deleted_at` integer,
	`name` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `time_entries` (
	`id` text PRIMARY KEY NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`deleted_at` integer,
	`task_id` text NOT NULL,
	`project_id` text NOT NULL,
	`member_id` text NOT NULL,
	`started_at` integer NOT NULL,
	`ended_at` integer,
	`description` text DEFAULT '' NOT NULL,
	`billable` integer DEFAULT true NOT NULL
);
--> statement-breakpoint
CREATE INDEX `time_entries_report` ON `time_entries` (`started_at`,`deleted_at`,`project_id`,`member_id`,`task_id`,`ended_at`,`billable`);--> statement-breakpoint
CREATE INDEX `time_entries_member` ON `time_entries` (`member_id`,`started_at`);--> statement-breakpoint
CREATE INDEX `time_entries_task` ON `time_entries` (`task_id`,`started_at`);--> statement-breakpoint
CREATE UNIQUE INDEX `time_entries_one_running` ON `time_entries` (`member_id`) WHERE ended_at IS NULL AND deleted_at IS NULL;