-- Default sales potential of each stage, in percent of the opportunity value; admins change them
-- with setStagePotential, so existing rows are kept.
INSERT INTO "stage_potentials" ("stage", "potential") VALUES
  ('NEW', 0),
  ('PRESENTATION', 10),
  ('OFFER', 30),
  ('NEGOTIATION', 60),
  ('SALE', 100),
  ('LOST', 0)
ON CONFLICT ("stage") DO NOTHING;
