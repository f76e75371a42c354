DROP INDEX `gemstones_caratWeight`;--> statement-breakpoint
DROP INDEX `gemstones_type_carat`;--> statement-breakpoint
DROP INDEX `gemstones_location_carat`;--> statement-breakpoint
DROP INDEX `gemstones_status_carat`;--> statement-breakpoint
DROP INDEX `gemstones_clarity_carat`;--> statement-breakpoint
DROP INDEX `gemstones_buyer_carat`;--> statement-breakpoint
CREATE INDEX `gemstones_caratWeight` ON `gemstones` (`caratWeight`,`gemstoneType`,`clarityGrade`,`certificateStatus`,`location`);--> statement-breakpoint
CREATE INDEX `gemstones_type_carat` ON `gemstones` (`gemstoneType`,`caratWeight`,`clarityGrade`,`certificateStatus`,`location`);--> statement-breakpoint
CREATE INDEX `gemstones_location_carat` ON `gemstones` (`location`,`caratWeight`,`gemstoneType`,`clarityGrade`,`certificateStatus`);--> statement-breakpoint
CREATE INDEX `gemstones_status_carat` ON `gemstones` (`certificateStatus`,`caratWeight`,`gemstoneType`,`clarityGrade`,`location`);--> statement-breakpoint
CREATE INDEX `gemstones_clarity_carat` ON `gemstones` (`clarityGrade`,`caratWeight`,`gemstoneType`,`certificateStatus`,`location`);--> statement-breakpoint
CREATE INDEX `gemstones_buyer_carat` ON `gemstones` (`assignedBuyer`,`caratWeight`,`gemstoneType`,`clarityGrade`,`certificateStatus`,`location`);