-- 0007_case_details: who brings the dispute and what they ask for.
-- Why: the dossier's cover names the parties and a regulator's or court's form
-- asks what the user wants; the cover left 申请人 blank and had no 诉求.
-- `vault case set SLUG --claimant … --claim …` records them (NULL until set).
-- A case's state digest covers them only once set, so the digests that vaults
-- made before this migration logged stay valid. Renaming, merging and removing
-- a case need no table: the custody log keeps the history (a removed case's
-- key is logged as gone, see integrity.GONE).

ALTER TABLE cases ADD COLUMN claimant TEXT;
ALTER TABLE cases ADD COLUMN claim TEXT;
