CREATE TABLE `sync_pending` (
	`entity` text NOT NULL,
	`entity_id` text NOT NULL,
	`fields` text NOT NULL,
	`clocks` text NOT NULL,
	PRIMARY KEY(`entity`, `entity_id`)
);
--> statement-breakpoint
ALTER TABLE `allocations` ADD `sync_clocks` text;--> statement-breakpoint
ALTER TABLE `comments` ADD `sync_clocks` text;--> statement-breakpoint
ALTER TABLE `members` ADD `sync_clocks` text;--> statement-breakpoint
ALTER TABLE `ops` ADD `hlc` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `ops` ADD `author` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `projects` ADD `sync_clocks` text;--> statement-breakpoint
ALTER TABLE `task_assignees` ADD `sync_clocks` text;--> statement-breakpoint
ALTER TABLE `tasks` ADD `sync_clocks` text;--> statement-breakpoint
ALTER TABLE `team_members` ADD `sync_clocks` text;--> statement-breakpoint
ALTER TABLE `teams` ADD `sync_clocks` text;--> statement-breakpoint
ALTER TABLE `time_entries` ADD `sync_clocks` text;--> statement-breakpoint
ALTER TABLE `time_off` ADD `sync_clocks` text;--> statement-breakpoint
-- Hand-written backfill: ops written before sync get an HLC from their time and local order,
-- under this install's node id, and every existing row gets the clock of its latest op.
INSERT OR IGNORE INTO `meta` (`key`, `value`) VALUES ('sync.node', 'n' || lower(hex(randomblob(8))));--> statement-breakpoint
UPDATE `ops` SET
  `author` = (SELECT `value` FROM `meta` WHERE `key` = 'sync.node'),
  `hlc` = printf('%015d-%06x-%s', `at`, `seq` % 16777215, (SELECT `value` FROM `meta` WHERE `key` = 'sync.node'))
WHERE `hlc` = '';--> statement-breakpoint
CREATE INDEX `ops_entity` ON `ops` (`entity`, `entity_id`);
--> statement-breakpoint
UPDATE `members` SET `sync_clocks` = (SELECT json_object('*', MAX(`hlc`)) FROM `ops` WHERE `entity` = 'members' AND `entity_id` = `members`.`id`) WHERE EXISTS (SELECT 1 FROM `ops` WHERE `entity` = 'members' AND `entity_id` = `members`.`id`);--> statement-breakpoint
UPDATE `teams` SET `sync_clocks` = (SELECT json_object('*', MAX(`hlc`)) FROM `ops` WHERE `entity` = 'teams' AND `entity_id` = `teams`.`id`) WHERE EXISTS (SELECT 1 FROM `ops` WHERE `entity` = 'teams' AND `entity_id` = `teams`.`id`);--> statement-breakpoint
UPDATE `team_members` SET `sync_clocks` = (SELECT json_object('*', MAX(`hlc`)) FROM `ops` WHERE `entity` = 'team_members' AND `entity_id` = `team_members`.`id`) WHERE EXISTS (SELECT 1 FROM `ops` WHERE `entity` = 'team_members' AND `entity_id` = `team_members`.`id`);--> statement-breakpoint
UPDATE `projects` SET `sync_clocks` = (SELECT json_object('*', MAX(`hlc`)) FROM `ops` WHERE `entity` = 'projects' AND `entity_id` = `projects`.`id`) WHERE EXISTS (SELECT 1 FROM `ops` WHERE `entity` = 'projects' AND `entity_id` = `projects`.`id`);--> statement-breakpoint
UPDATE `tasks` SET `sync_clocks` = (SELECT json_object('*', MAX(`hlc`)) FROM `ops` WHERE `entity` = 'tasks' AND `entity_id` = `tasks`.`id`) WHERE EXISTS (SELECT 1 FROM `ops` WHERE `entity` = 'tasks' AND `entity_id` = `tasks`.`id`);--> statement-breakpoint
UPDATE `task_assignees` SET `sync_clocks` = (SELECT json_object('*', MAX(`hlc`)) FROM `ops` WHERE `entity` = 'task_assignees' AND `entity_id` = `task_assignees`.`id`) WHERE EXISTS (SELECT 1 FROM `ops` WHERE `entity` = 'task_assignees' AND `entity_id` = `task_assignees`.`id`);--> statement-breakpoint
UPDATE `comments` SET `sync_clocks` = (SELECT json_object('*', MAX(`hlc`)) FROM `ops` WHERE `entity` = 'comments' AND `entity_id` = `comments`.`id`) WHERE EXISTS (SELECT 1 FROM `ops` WHERE `entity` = 'comments' AND `entity_id` = `comments`.`id`);--> statement-breakpoint
UPDATE `time_entries` SET `sync_clocks` = (SELECT json_object('*', MAX(`hlc`)) FROM `ops` WHERE `entity` = 'time_entries' AND `entity_id` = `time_entries`.`id`) WHERE EXISTS (SELECT 1 FROM `ops` WHERE `entity` = 'time_entries' AND `entity_id` = `time_entries`.`id`);--> statement-breakpoint
UPDATE `allocations` SET `sync_clocks` = (SELECT json_object('*', MAX(`hlc`)) FROM `ops` WHERE `entity` = 'allocations' AND `entity_id` = `allocations`.`id`) WHERE EXISTS (SELECT 1 FROM `ops` WHERE `entity` = 'allocations' AND `entity_id` = `allocations`.`id`);--> statement-breakpoint
UPDATE `time_off` SET `sync_clocks` = (SELECT json_object('*', MAX(`hlc`)) FROM `ops` WHERE `entity` = 'time_off' AND `entity_id` = `time_off`.`id`) WHERE EXISTS (SELECT 1 FROM `ops` WHERE `entity` = 'time_off' AND `entity_id` = `time_off`.`id`);--> statement-breakpoint
DROP INDEX `ops_entity`;
