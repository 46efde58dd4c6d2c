CREATE TABLE `erased_viewers` (
	`show_id` text NOT NULL,
	`viewer_hash` text NOT NULL,
	PRIMARY KEY(`show_id`, `viewer_hash`),
	FOREIGN KEY (`show_id`) REFERENCES `live_shows`(`id`) ON UPDATE no action ON DELETE cascade
);
