CREATE TABLE `activities` (
	`id` text PRIMARY KEY NOT NULL,
	`objectId` text,
	`createdAt` text,
	`updatedAt` text,
	`localUpdatedAt` integer NOT NULL,
	`type` text,
	`subject` text,
	`description` text,
	`dueDate` text,
	`completedAt` text,
	`relatedTo` text,
	`relatedInquiry` text,
	`createdBy` text,
	FOREIGN KEY (`relatedTo`) REFERENCES `buyers`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`relatedInquiry`) REFERENCES `purchase_inquiries`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`createdBy`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `activities_objectId` ON `activities` (`objectId`);--> statement-breakpoint
CREATE INDEX `activities_relatedTo` ON `activities` (`relatedTo`);--> statement-breakpoint
CREATE INDEX `activities_relatedInquiry` ON `activities` (`relatedInquiry`);--> statement-breakpoint
CREATE INDEX `activities_dueDate` ON `activities` (`dueDate`);--> statement-breakpoint
CREATE TABLE `buyers` (
	`id` text PRIMARY KEY NOT NULL,
	`objectId` text,
	`createdAt` text,
	`updatedAt` text,
	`localUpdatedAt` integer NOT NULL,
	`buyerCode` text NOT NULL,
	`companyName` text NOT NULL,
	`contactName` text NOT NULL,
	`email` text NOT NULL,
	`phone` text,
	`preferredGemstoneTypes` text,
	`salesStatus` text NOT NULL,
	`accountManager` text,
	FOREIGN KEY (`accountManager`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `buyers_buyerCode` ON `buyers` (`buyerCode`);--> statement-breakpoint
CREATE UNIQUE INDEX `buyers_objectId` ON `buyers` (`objectId`);--> statement-breakpoint
CREATE INDEX `buyers_email` ON `buyers` (`email`);--> statement-breakpoint
CREATE INDEX `buyers_accountManager` ON `buyers` (`accountManager`);--> statement-breakpoint
CREATE TABLE `certificate_logs` (
	`id` text PRIMARY KEY NOT NULL,
	`objectId` text,
	`createdAt` text,
	`updatedAt` text,
	`localUpdatedAt` integer NOT NULL,
	`gemstone` text NOT NULL,
	`certificateNumber` text NOT NULL,
	`issuedBy` text NOT NULL,
	`verifiedBy` text,
	`verifiedAt` text NOT NULL,
	`verificationResult` text NOT NULL,
	`notes` text,
	FOREIGN KEY (`gemstone`) REFERENCES `gemstones`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`verifiedBy`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `certificate_logs_objectId` ON `certificate_logs` (`objectId`);--> statement-breakpoint
CREATE INDEX `certificate_logs_gemstone` ON `certificate_logs` (`gemstone`,`verifiedAt`);--> statement-breakpoint
CREATE INDEX `certificate_logs_certificateNumber` ON `certificate_logs` (`certificateNumber`);--> statement-breakpoint
CREATE INDEX `certificate_logs_verifiedAt` ON `certificate_logs` (`verifiedAt`);--> statement-breakpoint
CREATE TABLE `gemstones` (
	`id` text PRIMARY KEY NOT NULL,
	`objectId` text,
	`createdAt` text,
	`updatedAt` text,
	`localUpdatedAt` integer NOT NULL,
	`sku` text NOT NULL,
	`gemstoneType` text NOT NULL,
	`caratWeight` real NOT NULL,
	`clarityGrade` text NOT NULL,
	`certificateNumber` text,
	`certificateStatus` text NOT NULL,
	`location` text NOT NULL,
	`assignedBuyer` text,
	FOREIGN KEY (`assignedBuyer`) REFERENCES `buyers`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `gemstones_sku` ON `gemstones` (`sku`);--> statement-breakpoint
CREATE UNIQUE INDEX `gemstones_objectId` ON `gemstones` (`objectId`);--> statement-breakpoint
CREATE INDEX `gemstones_caratWeight` ON `gemstones` (`caratWeight`);--> statement-breakpoint
CREATE INDEX `gemstones_type_carat` ON `gemstones` (`gemstoneType`,`caratWeight`);--> statement-breakpoint
CREATE INDEX `gemstones_location` ON `gemstones` (`location`);--> statement-breakpoint
CREATE INDEX `gemstones_certificateStatus` ON `gemstones` (`certificateStatus`);--> statement-breakpoint
CREATE INDEX `gemstones_certificateNumber` ON `gemstones` (`certificateNumber`);--> statement-breakpoint
CREATE INDEX `gemstones_assignedBuyer` ON `gemstones` (`assignedBuyer`);--> statement-breakpoint
CREATE TABLE `outbox` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`entity` text NOT NULL,
	`recordId` text NOT NULL,
	`op` text NOT NULL,
	`fields` text,
	`seq` integer DEFAULT 1 NOT NULL,
	`enqueuedAt` integer NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`nextAttemptAt` integer DEFAULT 0 NOT NULL,
	`lastError` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `outbox_record` ON `outbox` (`entity`,`recordId`);--> statement-breakpoint
CREATE INDEX `outbox_due` ON `outbox` (`nextAttemptAt`,`id`);--> statement-breakpoint
CREATE TABLE `purchase_inquiries` (
	`id` text PRIMARY KEY NOT NULL,
	`objectId` text,
	`createdAt` text,
	`updatedAt` text,
	`localUpdatedAt` integer NOT NULL,
	`buyer` text NOT NULL,
	`gemstone` text NOT NULL,
	`inquiryStatus` text NOT NULL,
	`requestedCaratWeight` real NOT NULL,
	`quotedPrice` integer,
	`currency` text NOT NULL,
	`handledBy` text,
	`followUpAt` text,
	FOREIGN KEY (`buyer`) REFERENCES `buyers`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`gemstone`) REFERENCES `gemstones`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`handledBy`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `purchase_inquiries_objectId` ON `purchase_inquiries` (`objectId`);--> statement-breakpoint
CREATE INDEX `purchase_inquiries_status` ON `purchase_inquiries` (`inquiryStatus`);--> statement-breakpoint
CREATE INDEX `purchase_inquiries_gemstone` ON `purchase_inquiries` (`gemstone`,`inquiryStatus`);--> statement-breakpoint
CREATE INDEX `purchase_inquiries_buyer` ON `purchase_inquiries` (`buyer`);--> statement-breakpoint
CREATE INDEX `purchase_inquiries_followUpAt` ON `purchase_inquiries` (`followUpAt`);--> statement-breakpoint
CREATE TABLE `settings` (
	`key` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL,
	`updatedAt` integer DEFAULT (unixepoch() * 1000) NOT NULL
);
--> statement-breakpoint
CREATE TABLE `sync_checkpoints` (
	`entity` text PRIMARY KEY NOT NULL,
	`updatedAt` text,
	`objectId` text,
	`lastPulledAt` integer
);
--> statement-breakpoint
CREATE TABLE `users` (
	`id` text PRIMARY KEY NOT NULL,
	`objectId` text,
	`createdAt` text,
	`updatedAt` text,
	`localUpdatedAt` integer NOT NULL,
	`username` text NOT NULL,
	`email` text NOT NULL,
	`role` text NOT NULL,
	`fullName` text NOT NULL,
	`passwordHash` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `users_username` ON `users` (`username`);--> statement-breakpoint
CREATE UNIQUE INDEX `users_objectId` ON `users` (`objectId`);