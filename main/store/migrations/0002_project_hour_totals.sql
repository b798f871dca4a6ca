CREATE TABLE `project_hour_totals` (
	`hour` integer NOT NULL,
	`project_id` text NOT NULL,
	`ms` integer NOT NULL,
	`billable_ms` integer NOT NULL,
	PRIMARY KEY(`hour`, `project_id`)
);
