-- Status change entries in the certificate history: the stone's status before and after, and whether this
-- workstation wrote the entry for a change another app made without one (never sent).
ALTER TABLE `certificate_logs` ADD `statusFrom` text;--> statement-breakpoint
ALTER TABLE `certificate_logs` ADD `statusTo` text;--> statement-breakpoint
ALTER TABLE `certificate_logs` ADD `recordedHere` integer;