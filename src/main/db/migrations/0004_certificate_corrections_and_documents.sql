ALTER TABLE `certificate_logs` ADD `corrects` text REFERENCES certificate_logs(id);--> statement-breakpoint
ALTER TABLE `certificate_logs` ADD `formatOverride` integer;--> statement-breakpoint
ALTER TABLE `certificate_logs` ADD `document` text;