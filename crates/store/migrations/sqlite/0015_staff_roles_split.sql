-- Issue 13: staff used to be one role; it is now split (admin, communication, moderation,
-- groupes, finance, coordination), each back-office page needing its own. So that nobody
-- already on the team loses access with this release, every current staff member becomes an
-- admin, who may do everything; the team then hands out the narrower roles.
INSERT INTO staff_roles (person_id, role, granted_at)
SELECT id, 'admin', created_at FROM people WHERE is_staff = 1
ON CONFLICT DO NOTHING;
