CREATE TABLE `consignments` (
	`id` text PRIMARY KEY NOT NULL,
	`objectId` text,
	`createdAt` text,
	`updatedAt` text,
	`localUpdatedAt` integer NOT NULL,
	`gemstone` text NOT NULL,
	`supplier` text NOT NULL,
	`supplierReference` text,
	`terms` text,
	`agreedPrice` integer,
	`currency` text NOT NULL,
	`receivedAt` text NOT NULL,
	`dueDate` text,
	`status` text NOT NULL,
	`receivedBy` text,
	`settledAt` text,
	`settlementReference` text,
	`closedBy` text,
	FOREIGN KEY (`gemstone`) REFERENCES `gemstones`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`receivedBy`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`closedBy`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `consignments_objectId` ON `consignments` (`objectId`);--> statement-breakpoint
CREATE INDEX `consignments_gemstone` ON `consignments` (`gemstone`,`status`);--> statement-breakpoint
CREATE INDEX `consignments_status_dueDate` ON `consignments` (`status`,`dueDate`);--> statement-breakpoint
CREATE INDEX `consignments_supplier` ON `consignments` (`supplier`);--> statement-breakpoint
CREATE TABLE `invoices` (
	`id` text PRIMARY KEY NOT NULL,
	`objectId` text,
	`createdAt` text,
	`updatedAt` text,
	`localUpdatedAt` integer NOT NULL,
	`invoiceNumber` text,
	`invoiceYear` integer,
	`provisionalNumber` text,
	`buyer` text NOT NULL,
	`inquiry` text,
	`memo` text,
	`issuedBy` text,
	`issuedAt` text NOT NULL,
	`currency` text NOT NULL,
	`lines` text NOT NULL,
	`subtotal` integer NOT NULL,
	`taxLines` text,
	`taxTotal` integer,
	`total` integer NOT NULL,
	`status` text NOT NULL,
	`note` text,
	FOREIGN KEY (`buyer`) REFERENCES `buyers`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`inquiry`) REFERENCES `purchase_inquiries`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`memo`) REFERENCES `memos`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`issuedBy`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `invoices_objectId` ON `invoices` (`objectId`);--> statement-breakpoint
CREATE INDEX `invoices_buyer` ON `invoices` (`buyer`,`issuedAt`);--> statement-breakpoint
CREATE INDEX `invoices_issuedAt` ON `invoices` (`issuedAt`);--> statement-breakpoint
CREATE INDEX `invoices_inquiry` ON `invoices` (`inquiry`);--> statement-breakpoint
CREATE INDEX `invoices_memo` ON `invoices` (`memo`);--> statement-breakpoint
CREATE TABLE `memo_lines` (
	`id` text PRIMARY KEY NOT NULL,
	`objectId` text,
	`createdAt` text,
	`updatedAt` text,
	`localUpdatedAt` integer NOT NULL,
	`memo` text NOT NULL,
	`gemstone` text NOT NULL,
	`price` integer,
	`currency` text NOT NULL,
	`status` text NOT NULL,
	`fromLocation` text,
	`returnedAt` text,
	`soldAt` text,
	`invoice` text,
	FOREIGN KEY (`memo`) REFERENCES `memos`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`gemstone`) REFERENCES `gemstones`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`invoice`) REFERENCES `invoices`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `memo_lines_objectId` ON `memo_lines` (`objectId`);--> statement-breakpoint
CREATE INDEX `memo_lines_memo` ON `memo_lines` (`memo`);--> statement-breakpoint
CREATE INDEX `memo_lines_gemstone` ON `memo_lines` (`gemstone`,`status`);--> statement-breakpoint
CREATE INDEX `memo_lines_status` ON `memo_lines` (`status`);--> statement-breakpoint
CREATE TABLE `memos` (
	`id` text PRIMARY KEY NOT NULL,
	`objectId` text,
	`createdAt` text,
	`updatedAt` text,
	`localUpdatedAt` integer NOT NULL,
	`buyer` text NOT NULL,
	`issuedBy` text,
	`issuedAt` text NOT NULL,
	`dueBack` text NOT NULL,
	`terms` text,
	`currency` text NOT NULL,
	`status` text NOT NULL,
	`closedAt` text,
	`note` text,
	FOREIGN KEY (`buyer`) REFERENCES `buyers`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`issuedBy`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `memos_objectId` ON `memos` (`objectId`);--> statement-breakpoint
CREATE INDEX `memos_status_dueBack` ON `memos` (`status`,`dueBack`);--> statement-breakpoint
CREATE INDEX `memos_buyer` ON `memos` (`buyer`);--> statement-breakpoint
CREATE TABLE `payments` (
	`id` text PRIMARY KEY NOT NULL,
	`objectId` text,
	`createdAt` text,
	`updatedAt` text,
	`localUpdatedAt` integer NOT NULL,
	`invoice` text NOT NULL,
	`buyer` text NOT NULL,
	`amount` integer NOT NULL,
	`currency` text NOT NULL,
	`method` text NOT NULL,
	`receivedAt` text NOT NULL,
	`reference` text,
	`recordedBy` text,
	FOREIGN KEY (`invoice`) REFERENCES `invoices`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`buyer`) REFERENCES `buyers`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`recordedBy`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `payments_objectId` ON `payments` (`objectId`);--> statement-breakpoint
CREATE INDEX `payments_invoice` ON `payments` (`invoice`);--> statement-breakpoint
CREATE INDEX `payments_buyer` ON `payments` (`buyer`,`receivedAt`);