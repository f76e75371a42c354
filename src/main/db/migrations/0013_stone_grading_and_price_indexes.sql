CREATE INDEX `gemstones_shape_carat` ON `gemstones` (`shape`,`caratWeight`,`gemstoneType`,`clarityGrade`,`certificateStatus`,`location`);--> statement-breakpoint
CREATE INDEX `gemstones_colour_carat` ON `gemstones` (`colour`,`caratWeight`,`gemstoneType`,`clarityGrade`,`certificateStatus`,`location`);--> statement-breakpoint
CREATE INDEX `gemstones_treatment_carat` ON `gemstones` (`treatment`,`caratWeight`,`gemstoneType`,`clarityGrade`,`certificateStatus`,`location`);--> statement-breakpoint
CREATE INDEX `gemstones_askingPrice` ON `gemstones` (`askingPrice`,`priceCurrency`);--> statement-breakpoint
CREATE INDEX `gemstones_costPrice` ON `gemstones` (`costPrice`,`priceCurrency`);--> statement-breakpoint
CREATE INDEX `gemstones_currency_asking` ON `gemstones` (`priceCurrency`,`askingPrice`);--> statement-breakpoint
CREATE INDEX `gemstones_hue` ON `gemstones` (`hue`);--> statement-breakpoint
CREATE INDEX `gemstones_tone` ON `gemstones` (`tone`);--> statement-breakpoint
CREATE INDEX `gemstones_saturation` ON `gemstones` (`saturation`);--> statement-breakpoint
CREATE INDEX `gemstones_cutGrade` ON `gemstones` (`cutGrade`);--> statement-breakpoint
CREATE INDEX `gemstones_lengthMm` ON `gemstones` (`lengthMm`);--> statement-breakpoint
CREATE INDEX `gemstones_widthMm` ON `gemstones` (`widthMm`);--> statement-breakpoint
CREATE INDEX `gemstones_depthMm` ON `gemstones` (`depthMm`);--> statement-breakpoint
CREATE INDEX `gemstones_origin` ON `gemstones` (`origin`);--> statement-breakpoint
CREATE INDEX `gemstones_fluorescence` ON `gemstones` (`fluorescence`);--> statement-breakpoint
CREATE INDEX `gemstones_reportUrl` ON `gemstones` (`reportUrl`);