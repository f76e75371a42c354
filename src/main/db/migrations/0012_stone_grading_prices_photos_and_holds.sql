CREATE TABLE `stone_holds` (
	`id` text PRIMARY KEY NOT NULL,
	`objectId` text,
	`createdAt` text,
	`updatedAt` text,
	`localUpdatedAt` integer NOT NULL,
	`gemstone` text NOT NULL,
	`buyer` text NOT NULL,
	`placedBy` text,
	`heldUntil` text NOT NULL,
	`status` text NOT NULL,
	`endedAt` text,
	`endedBy` text,
	`reservation` text,
	`note` text,
	FOREIGN KEY (`gemstone`) REFERENCES `gemstones`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`buyer`) REFERENCES `buyers`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`placedBy`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`endedBy`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`reservation`) REFERENCES `purchase_inquiries`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `stone_holds_objectId` ON `stone_holds` (`objectId`);--> statement-breakpoint
CREATE INDEX `stone_holds_gemstone` ON `stone_holds` (`gemstone`,`status`,`heldUntil`);--> statement-breakpoint
CREATE INDEX `stone_holds_placedBy` ON `stone_holds` (`placedBy`,`status`,`heldUntil`);--> statement-breakpoint
CREATE INDEX `stone_holds_buyer` ON `stone_holds` (`buyer`);--> statement-breakpoint
ALTER TABLE `gemstones` ADD `colour` text;--> statement-breakpoint
ALTER TABLE `gemstones` ADD `hue` text;--> statement-breakpoint
ALTER TABLE `gemstones` ADD `tone` text;--> statement-breakpoint
ALTER TABLE `gemstones` ADD `saturation` text;--> statement-breakpoint
ALTER TABLE `gemstones` ADD `shape` text;--> statement-breakpoint
ALTER TABLE `gemstones` ADD `cutGrade` text;--> statement-breakpoint
ALTER TABLE `gemstones` ADD `lengthMm` real;--> statement-breakpoint
ALTER TABLE `gemstones` ADD `widthMm` real;--> statement-breakpoint
ALTER TABLE `gemstones` ADD `depthMm` real;--> statement-breakpoint
ALTER TABLE `gemstones` ADD `origin` text;--> statement-breakpoint
ALTER TABLE `gemstones` ADD `treatment` text;--> statement-breakpoint
ALTER TABLE `gemstones` ADD `fluorescence` text;--> statement-breakpoint
ALTER TABLE `gemstones` ADD `reportUrl` text;--> statement-breakpoint
ALTER TABLE `gemstones` ADD `costPrice` integer;--> statement-breakpoint
ALTER TABLE `gemstones` ADD `askingPrice` integer;--> statement-breakpoint
ALTER TABLE `gemstones` ADD `priceCurrency` text;--> statement-breakpoint
ALTER TABLE `gemstones` ADD `photos` text;