CREATE TABLE `custody_events` (
	`id` text PRIMARY KEY NOT NULL,
	`objectId` text,
	`createdAt` text,
	`updatedAt` text,
	`localUpdatedAt` integer NOT NULL,
	`gemstone` text NOT NULL,
	`fromLocation` text NOT NULL,
	`toLocation` text NOT NULL,
	`movedBy` text,
	`movedAt` text NOT NULL,
	`reason` text,
	FOREIGN KEY (`gemstone`) REFERENCES `gemstones`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`movedBy`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `custody_events_objectId` ON `custody_events` (`objectId`);--> statement-breakpoint
CREATE INDEX `custody_events_gemstone` ON `custody_events` (`gemstone`,`movedAt`);--> statement-breakpoint
CREATE INDEX `custody_events_from` ON `custody_events` (`fromLocation`,`movedAt`);--> statement-breakpoint
CREATE TABLE `gemstone_tallies` (
	`gemstoneType` text NOT NULL,
	`clarityGrade` text NOT NULL,
	`certificateStatus` text NOT NULL,
	`location` text NOT NULL,
	`stones` integer NOT NULL,
	`carats` real NOT NULL,
	PRIMARY KEY(`gemstoneType`, `clarityGrade`, `certificateStatus`, `location`)
);
--> statement-breakpoint
CREATE TABLE `gemstone_types` (
	`name` text PRIMARY KEY NOT NULL,
	`clarityScale` text NOT NULL,
	`addedBy` text,
	`addedAt` integer NOT NULL,
	FOREIGN KEY (`addedBy`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE TABLE `locations` (
	`name` text PRIMARY KEY NOT NULL,
	`kind` text NOT NULL,
	`retired` integer DEFAULT false NOT NULL,
	`addedBy` text,
	`addedAt` integer NOT NULL,
	FOREIGN KEY (`addedBy`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE TABLE `stock_count_items` (
	`countId` text NOT NULL,
	`sku` text NOT NULL,
	`gemstone` text,
	`gemstoneType` text,
	`caratWeight` real,
	`recordedLocation` text,
	`expected` integer NOT NULL,
	`scannedAt` integer,
	`scannedBy` text,
	PRIMARY KEY(`countId`, `sku`),
	FOREIGN KEY (`countId`) REFERENCES `stock_counts`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`gemstone`) REFERENCES `gemstones`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`scannedBy`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `stock_count_items_scanned` ON `stock_count_items` (`countId`,`scannedAt`);--> statement-breakpoint
CREATE TABLE `stock_counts` (
	`id` text PRIMARY KEY NOT NULL,
	`location` text NOT NULL,
	`status` text NOT NULL,
	`startedBy` text,
	`startedAt` integer NOT NULL,
	`finishedBy` text,
	`finishedAt` integer,
	`expectedStones` integer NOT NULL,
	`expectedCarats` real NOT NULL,
	`matchedStones` integer,
	`matchedCarats` real,
	`missingStones` integer,
	`missingCarats` real,
	`unexpectedStones` integer,
	`unexpectedCarats` real,
	FOREIGN KEY (`startedBy`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`finishedBy`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `stock_counts_started` ON `stock_counts` (`status`,`startedAt`);--> statement-breakpoint
DROP INDEX `gemstones_location`;--> statement-breakpoint
DROP INDEX `gemstones_certificateStatus`;--> statement-breakpoint
DROP INDEX `gemstones_assignedBuyer`;--> statement-breakpoint
CREATE INDEX `gemstones_location_carat` ON `gemstones` (`location`,`caratWeight`);--> statement-breakpoint
CREATE INDEX `gemstones_status_carat` ON `gemstones` (`certificateStatus`,`caratWeight`);--> statement-breakpoint
CREATE INDEX `gemstones_clarity_carat` ON `gemstones` (`clarityGrade`,`caratWeight`);--> statement-breakpoint
CREATE INDEX `gemstones_buyer_carat` ON `gemstones` (`assignedBuyer`,`caratWeight`);