-- Custom SQL migration file, put your code below! ---- Keeps gemstone_tallies (the stock per type, clarity, certificate status and location) in step with
-- gemstones, whoever writes them (screens, imports, the replicator), in the same transaction.
INSERT INTO `gemstone_tallies` (`gemstoneType`, `clarityGrade`, `certificateStatus`, `location`, `stones`, `carats`)
SELECT `gemstoneType`, `clarityGrade`, `certificateStatus`, `location`, count(*), sum(`caratWeight`) FROM `gemstones` GROUP BY 1, 2, 3, 4;
--> statement-breakpoint
CREATE TRIGGER `gemstone_tallies_insert` AFTER INSERT ON `gemstones` BEGIN
  INSERT INTO `gemstone_tallies` (`gemstoneType`, `clarityGrade`, `certificateStatus`, `location`, `stones`, `carats`)
  VALUES (NEW.`gemstoneType`, NEW.`clarityGrade`, NEW.`certificateStatus`, NEW.`location`, 1, NEW.`caratWeight`)
  ON CONFLICT DO UPDATE SET `stones` = `stones` + 1, `carats` = `carats` + excluded.`carats`;
END;
--> statement-breakpoint
CREATE TRIGGER `gemstone_tallies_delete` AFTER DELETE ON `gemstones` BEGIN
  UPDATE `gemstone_tallies` SET `stones` = `stones` - 1, `carats` = `carats` - OLD.`caratWeight`
  WHERE `gemstoneType` = OLD.`gemstoneType` AND `clarityGrade` = OLD.`clarityGrade`
    AND `certificateStatus` = OLD.`certificateStatus` AND `location` = OLD.`location`;
  DELETE FROM `gemstone_tallies` WHERE `stones` <= 0 AND `gemstoneType` = OLD.`gemstoneType` AND `clarityGrade` = OLD.`clarityGrade`
    AND `certificateStatus` = OLD.`certificateStatus` AND `location` = OLD.`location`;
END;
--> statement-breakpoint
CREATE TRIGGER `gemstone_tallies_update` AFTER UPDATE OF `gemstoneType`, `clarityGrade`, `certificateStatus`, `location`, `caratWeight` ON `gemstones` BEGIN
  UPDATE `gemstone_tallies` SET `stones` = `stones` - 1, `carats` = `carats` - OLD.`caratWeight`
  WHERE `gemstoneType` = OLD.`gemstoneType` AND `clarityGrade` = OLD.`clarityGrade`
    AND `certificateStatus` = OLD.`certificateStatus` AND `location` = OLD.`location`;
  DELETE FROM `gemstone_tallies` WHERE `stones` <= 0 AND `gemstoneType` = OLD.`gemstoneType` AND `clarityGrade` = OLD.`clarityGrade`
    AND `certificateStatus` = OLD.`certificateStatus` AND `location` = OLD.`location`;
  INSERT INTO `gemstone_tallies` (`gemstoneType`, `clarityGrade`, `certificateStatus`, `location`, `stones`, `carats`)
  VALUES (NEW.`gemstoneType`, NEW.`clarityGrade`, NEW.`certificateStatus`, NEW.`location`, 1, NEW.`caratWeight`)
  ON CONFLICT DO UPDATE SET `stones` = `stones` + 1, `carats` = `carats` + excluded.`carats`;
END;
