-- A sync base is now kept only for records with changes still to push (db/sync-base.ts): the others' own
-- values are their base. Earlier versions kept one for every record the server has.
DELETE FROM `sync_base` WHERE NOT EXISTS (
  SELECT 1 FROM `outbox` WHERE `outbox`.`entity` = `sync_base`.`entity` AND `outbox`.`recordId` = `sync_base`.`recordId`
);
