"""Security: roles, grants, default privileges, row-level security and masked analyst views.

The platform holds citizens' phone numbers, e-mails, identity documents and political activity; an
over-privileged service is the worst thing that can happen to it. This revision:

- creates the NOLOGIN group roles ``chanuka_owner`` (owns the objects, runs migrations),
  ``chanuka_app`` (the API server), ``chanuka_readonly`` (reporting on non-personal data) and
  ``chanuka_analyst`` (masked and aggregated views only), idempotently: roles are cluster-wide and
  other databases of the cluster may have created them already. No passwords: operators create LOGIN
  users and grant them one of these roles (docs/security.md);
- grants ``chanuka_app`` DML (no TRUNCATE, no DDL) on the application tables, read-only access to
  ``alembic_version`` and the migration journal; ``chanuka_readonly`` SELECT on the columns of
  non-personal tables that are neither marked personal in the models (the list below is frozen
  as of this revision) nor a reference to a user; and sets default privileges so tables created
  later by the migration role (or by ``chanuka_owner``) get the application's grants; new tables stay
  invisible to ``chanuka_readonly`` until ``chanuka-db roles apply`` grants their columns (fail closed);
- revokes CREATE on schema public from PUBLIC (PostgreSQL 15's default, enforced on older servers);
- enables and forces row-level security on the personal tables, keyed on the transaction-local
  settings ``app.user_id`` and ``app.role`` (``chanuka_db.security.rls.user_session`` sets them). A
  missing or empty ``app.user_id`` matches nothing. FORCE makes the table owner subject to the
  policies too; the owner's access comes from an explicit ``owner_all`` policy for ``chanuka_owner``
  (and its members), so migrations and the analyst views work, while a login that merely happens to
  own the tables without being in ``chanuka_owner`` sees nothing. Superusers bypass RLS regardless;
- adds ``chanuka_session_user(token)``, a SECURITY DEFINER lookup that resolves a session token to
  its user before ``app.user_id`` is known (executable by ``chanuka_app`` only);
- creates schema ``analytics`` with views for ``chanuka_analyst`` where phone numbers and e-mails are
  masked, identifiers pseudonymised and small groups (fewer than 5 people) suppressed.

Locks: enabling RLS and creating policies take a brief ACCESS EXCLUSIVE lock on each of the eight
personal tables (catalog changes only, no rewrite); the runner's lock_timeout bounds the wait. One
transaction: all of it applies, or none.

Downgrade removes the policies, views, functions, grants and default privileges of this revision.
It keeps the roles (shared by every database of the cluster; drop them by hand once no database uses
them) and keeps CREATE on schema public revoked from PUBLIC (the PostgreSQL 15+ default).

Revision ID: 0102_security
Revises: 0101_search_vectors
Create Date: 2026-11-25
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0102_security"
down_revision: str | Sequence[str] | None = "0101_search_vectors"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# ----------------------------------------------------------------------------------------- roles
CREATE_ROLES = """
DO $roles$
DECLARE
    r text;
    bad text;
BEGIN
    FOREACH r IN ARRAY ARRAY['chanuka_owner', 'chanuka_app', 'chanuka_readonly', 'chanuka_analyst'] LOOP
        IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = r) THEN
            BEGIN
                EXECUTE format('CREATE ROLE %I NOLOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS', r);
            EXCEPTION WHEN duplicate_object OR unique_violation THEN
                NULL;  -- created meanwhile by a migration of another database of this cluster
            END;
        END IF;
        SELECT string_agg(flag, ', ') INTO bad FROM (
            SELECT 'LOGIN' AS flag FROM pg_catalog.pg_roles WHERE rolname = r AND rolcanlogin
            UNION ALL SELECT 'SUPERUSER' FROM pg_catalog.pg_roles WHERE rolname = r AND rolsuper
            UNION ALL SELECT 'BYPASSRLS' FROM pg_catalog.pg_roles WHERE rolname = r AND rolbypassrls
            UNION ALL SELECT 'CREATEROLE' FROM pg_catalog.pg_roles WHERE rolname = r AND rolcreaterole
            UNION ALL SELECT 'CREATEDB' FROM pg_catalog.pg_roles WHERE rolname = r AND rolcreatedb
            UNION ALL SELECT 'REPLICATION' FROM pg_catalog.pg_roles WHERE rolname = r AND rolreplication
        ) flags;
        IF bad IS NOT NULL THEN
            RAISE EXCEPTION 'role % has %; chanuka-db group roles must be NOLOGIN with no special attributes', r, bad
                USING HINT = format('ALTER ROLE %I NOLOGIN NOSUPERUSER NOBYPASSRLS NOCREATEROLE NOCREATEDB '
                                    'NOREPLICATION, and give logins membership instead (docs/security.md)', r);
        END IF;
    END LOOP;
END
$roles$
"""

# ---------------------------------------------------------------------------------------- grants
SCHEMA_GRANTS = (
    "REVOKE CREATE ON SCHEMA public FROM PUBLIC",
    "GRANT USAGE, CREATE ON SCHEMA public TO chanuka_owner",
    "GRANT USAGE ON SCHEMA public TO chanuka_app, chanuka_readonly",
    "GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO chanuka_app",
    "GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO chanuka_app",
)

# The migration bookkeeping: readable (status, health), never writable by the application.
BOOKKEEPING_GRANTS = """
DO $bookkeeping$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['alembic_version', 'chanuka_migration_journal'] LOOP
        IF pg_catalog.to_regclass('public.' || t) IS NOT NULL THEN
            EXECUTE format('REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON public.%I FROM chanuka_app', t);
            EXECUTE format('GRANT SELECT ON public.%I TO chanuka_app, chanuka_readonly', t);
        END IF;
    END LOOP;
END
$bookkeeping$
"""

# chanuka_readonly: the columns of every non-personal table except those the models mark personal (as
# of this revision) and references to users. Column grants fail closed: a column added later is not
# readable until `chanuka-db roles apply` (which reads the current models) grants it.
READONLY_GRANTS = """
DO $readonly$
DECLARE
    t record;
    cols text;
    -- The personal tables (nothing of them is readable), and the bookkeeping (readable as a whole, above).
    no_column_grants text[] := ARRAY[
        'users', 'user_profiles', 'user_contact_methods', 'notifications', 'bill_tracking_preferences',
        'alert_preferences', 'sessions', 'user_verification', 'expert_credentials',
        'alembic_version', 'chanuka_migration_journal'];
    personal_columns text[] := ARRAY[
        'accessibility_audits.auditor_info', 'accessibility_feedback.assistive_technology_used',
        'ambassadors.background', 'ambassadors.contact_email', 'ambassadors.contact_phone',
        'ambassadors.display_name', 'analysis_audit_trail.actor_id', 'analysis_audit_trail.ip_address',
        'analysis_audit_trail.user_agent', 'analytics_events.anonymous_id', 'analytics_events.ip_address',
        'analytics_events.latitude', 'analytics_events.longitude', 'analytics_events.user_agent',
        'campaign_participants.participant_constituency', 'campaign_participants.participant_county',
        'committees.contact_email', 'communities.traditional_leaders', 'corporate_entities.contact_email',
        'corporate_entities.contact_phone', 'corporate_entities.key_executives', 'data_sources.auth_credentials',
        'engagement_events.ip_address', 'engagement_events.user_agent', 'expert_profiles.credential_documents',
        'expert_profiles.reference_contacts', 'financial_disclosures.disclosure_data',
        'financial_interests.holder_name', 'lobbying_activities.lobbyist_name',
        'offline_content_cache.device_info', 'offline_submissions.audio_file_path',
        'offline_submissions.participant_demographics', 'offline_submissions.participant_phone',
        'offline_submissions.photo_file_paths', 'offline_sync_queue.device_info',
        'public_participation_events.contact_email', 'public_participation_events.contact_person',
        'public_participation_events.contact_phone', 'public_submissions.submitter_contact',
        'public_submissions.submitter_name', 'search_analytics.query', 'search_analytics.session_id',
        'search_analytics.user_id', 'search_cache.query_text', 'search_expansions.expanded_query',
        'search_expansions.original_query', 'search_queries.ip_address', 'search_queries.query_text',
        'search_queries.session_id', 'search_queries.user_agent', 'search_queries.user_id',
        'security_events.actor_fingerprint', 'security_events.actor_ip_address', 'sponsors.email',
        'sponsors.phone', 'system_audit_log.actor_identifier', 'system_audit_log.source_ip',
        'system_audit_log.user_agent', 'user_accessibility_preferences.assistive_technology',
        'user_accessibility_preferences.auditory_preferences',
        'user_accessibility_preferences.cognitive_preferences', 'user_accessibility_preferences.motor_preferences',
        'user_accessibility_preferences.visual_preferences', 'user_activity_log.ip_address',
        'user_activity_log.location_data', 'user_activity_log.user_agent', 'ussd_sessions.county',
        'ussd_sessions.phone_number'];
BEGIN
    FOR t IN
        SELECT c.oid, c.relname
        FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND NOT c.relispartition
          AND c.relname <> ALL (no_column_grants)
        ORDER BY c.relname
    LOOP
        SELECT string_agg(pg_catalog.quote_ident(a.attname), ', ' ORDER BY a.attnum) INTO cols
        FROM pg_catalog.pg_attribute a
        WHERE a.attrelid = t.oid AND a.attnum > 0 AND NOT a.attisdropped
          AND (t.relname || '.' || a.attname) <> ALL (personal_columns)
          AND NOT EXISTS (
              SELECT 1 FROM pg_catalog.pg_constraint k
              WHERE k.conrelid = t.oid AND k.contype = 'f' AND k.confrelid = 'public.users'::regclass
                AND a.attnum = ANY (k.conkey));
        IF cols IS NOT NULL THEN
            EXECUTE format('GRANT SELECT (%s) ON public.%I TO chanuka_readonly', cols, t.relname);
        END IF;
    END LOOP;
END
$readonly$
"""

# New tables and sequences created by the role running migrations (and by chanuka_owner, when this role
# may act for it) get the application's grants; views created in schema analytics get the analyst's.
DEFAULT_PRIVILEGES = """
DO $defaults$
DECLARE
    creator text;
BEGIN
    FOREACH creator IN ARRAY ARRAY[current_user::text, 'chanuka_owner'] LOOP
        IF creator = 'chanuka_owner' AND current_user::text <> 'chanuka_owner'
           AND NOT pg_catalog.pg_has_role(current_user, 'chanuka_owner', 'USAGE') THEN
            RAISE NOTICE 'default privileges for chanuka_owner not set: % is not a member of it; '
                         'run `chanuka-db roles apply` as a member', current_user;
            CONTINUE;
        END IF;
        EXECUTE format('ALTER DEFAULT PRIVILEGES FOR ROLE %I IN SCHEMA public '
                       'GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO chanuka_app', creator);
        EXECUTE format('ALTER DEFAULT PRIVILEGES FOR ROLE %I IN SCHEMA public '
                       'GRANT USAGE, SELECT ON SEQUENCES TO chanuka_app', creator);
        EXECUTE format('ALTER DEFAULT PRIVILEGES FOR ROLE %I IN SCHEMA analytics '
                       'GRANT SELECT ON TABLES TO chanuka_analyst', creator);
    END LOOP;
END
$defaults$
"""

# ------------------------------------------------------------------------------------ RLS helpers
FUNCTIONS = (
    """CREATE FUNCTION public.chanuka_app_user_id() RETURNS uuid
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$ SELECT NULLIF(pg_catalog.current_setting('app.user_id', true), '')::uuid $$""",
    "COMMENT ON FUNCTION public.chanuka_app_user_id() IS "
    "'The acting user: the transaction-local setting app.user_id; NULL (matching no row) when unset or empty'",
    """CREATE FUNCTION public.chanuka_app_has_role(roles text[]) RETURNS boolean
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$
    SELECT COALESCE(
        NULLIF(pg_catalog.current_setting('app.role', true), '') = ANY (roles)
        AND EXISTS (
            SELECT 1 FROM public.users u
            WHERE u.id = public.chanuka_app_user_id() AND u.is_active
              AND u.role::text = pg_catalog.current_setting('app.role', true)),
        false)
    $$""",
    "COMMENT ON FUNCTION public.chanuka_app_has_role(text[]) IS "
    "'True when app.role is one of roles AND the acting user (app.user_id) is an active user holding that role'",
    """CREATE FUNCTION public.chanuka_session_user(session_token text) RETURNS uuid
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
    AS $$
    SELECT s.user_id FROM public.sessions s JOIN public.users u ON u.id = s.user_id
    WHERE s.id = session_token AND s.expires_at > pg_catalog.now() AND u.is_active
    $$""",
    "COMMENT ON FUNCTION public.chanuka_session_user(text) IS "
    "'The active user a live session token belongs to (bypasses sessions RLS: the user is not known yet)'",
    "REVOKE ALL ON FUNCTION public.chanuka_session_user(text) FROM PUBLIC",
    "GRANT EXECUTE ON FUNCTION public.chanuka_session_user(text) TO chanuka_app",
)

# ----------------------------------------------------------------------------------------- RLS
_ME = "public.chanuka_app_user_id()"
_STAFF = "(SELECT public.chanuka_app_has_role(ARRAY['moderator', 'admin']))"
_ADMIN = "(SELECT public.chanuka_app_has_role(ARRAY['admin']))"
_OWN = f"user_id = {_ME}"

RLS_TABLES = (
    "user_profiles",
    "user_contact_methods",
    "notifications",
    "bill_tracking_preferences",
    "alert_preferences",
    "sessions",
    "user_verification",
    "expert_credentials",
)

# (table, policy, command, USING, WITH CHECK); every policy is for chanuka_app except owner_all.
POLICIES: tuple[tuple[str, str, str, str | None, str | None], ...] = (
    ("user_profiles", "own_rows", "ALL", _OWN, _OWN),
    ("user_profiles", "staff_select", "SELECT", _STAFF, None),
    ("user_profiles", "admin_update", "UPDATE", _ADMIN, _ADMIN),
    ("user_contact_methods", "own_rows", "ALL", _OWN, _OWN),
    ("user_contact_methods", "admin_select", "SELECT", _ADMIN, None),
    ("notifications", "own_rows", "ALL", _OWN, _OWN),
    # Any identified user's action may notify another user (a reply notifies the comment's author);
    # the notification is then readable only by its recipient (so no RETURNING on such inserts).
    ("notifications", "notify_others", "INSERT", None, f"{_ME} IS NOT NULL"),
    ("bill_tracking_preferences", "own_rows", "ALL", _OWN, _OWN),
    ("alert_preferences", "own_rows", "ALL", _OWN, _OWN),
    ("sessions", "own_rows", "ALL", _OWN, _OWN),
    ("sessions", "admin_select", "SELECT", _ADMIN, None),
    ("sessions", "admin_delete", "DELETE", _ADMIN, None),
    # A user files and withdraws their own verification requests but cannot decide them; staff decide
    # other people's requests, never their own.
    ("user_verification", "own_select", "SELECT", _OWN, None),
    (
        "user_verification",
        "own_insert",
        "INSERT",
        None,
        f"{_OWN} AND verification_status = 'pending' AND verifier_id IS NULL AND verified_at IS NULL",
    ),
    (
        "user_verification",
        "own_update",
        "UPDATE",
        f"{_OWN} AND verification_status = 'pending'",
        f"{_OWN} AND verification_status = 'pending' AND verifier_id IS NULL AND verified_at IS NULL",
    ),
    ("user_verification", "own_delete", "DELETE", f"{_OWN} AND verification_status = 'pending'", None),
    ("user_verification", "staff_select", "SELECT", _STAFF, None),
    (
        "user_verification",
        "staff_update",
        "UPDATE",
        f"{_STAFF} AND user_id IS DISTINCT FROM {_ME}",
        f"{_STAFF} AND user_id IS DISTINCT FROM {_ME}",
    ),
    ("expert_credentials", "own_select", "SELECT", _OWN, None),
    ("expert_credentials", "own_insert", "INSERT", None, f"{_OWN} AND verified_at IS NULL AND verified_by IS NULL"),
    (
        "expert_credentials",
        "own_update",
        "UPDATE",
        f"{_OWN} AND verified_at IS NULL",
        f"{_OWN} AND verified_at IS NULL AND verified_by IS NULL",
    ),
    ("expert_credentials", "own_delete", "DELETE", _OWN, None),
    ("expert_credentials", "staff_select", "SELECT", _STAFF, None),
    (
        "expert_credentials",
        "staff_update",
        "UPDATE",
        f"{_STAFF} AND user_id IS DISTINCT FROM {_ME}",
        f"{_STAFF} AND user_id IS DISTINCT FROM {_ME}",
    ),
)


# ------------------------------------------------------------------------------------ analytics
ANALYTICS = (
    "CREATE SCHEMA analytics",
    "COMMENT ON SCHEMA analytics IS 'Masked and aggregated views for chanuka_analyst: no raw personal data'",
    "GRANT USAGE ON SCHEMA analytics TO chanuka_analyst",
    # At least 7 digits always masked; a Kenyan mobile number keeps its operator prefix (+25471...).
    """CREATE FUNCTION analytics.mask_phone(phone text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$
    SELECT CASE WHEN phone IS NULL THEN NULL
        ELSE pg_catalog.left(phone, GREATEST(LEAST(6, pg_catalog.length(phone) - 7), 0))
             || pg_catalog.repeat('*', pg_catalog.length(phone) - GREATEST(LEAST(6, pg_catalog.length(phone) - 7), 0))
    END
    $$""",
    """CREATE FUNCTION analytics.mask_email(email text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$
    SELECT CASE WHEN email IS NULL THEN NULL
        ELSE '***@' || pg_catalog.lower(pg_catalog.split_part(email, '@', 2))
    END
    $$""",
    # One row per consenting user, pseudonymised: no name, no id, no raw contact. The e-mail domain is
    # shown only when at least 5 users of the view share it (a personal domain would identify its owner).
    """CREATE VIEW analytics.user_profiles_masked WITH (security_barrier) AS
    SELECT
        pg_catalog.md5('chanuka:' || u.id::text) AS user_key,
        u.role::text AS role,
        COALESCE(p.county::text, u.county::text) AS county,
        COALESCE(p.constituency, u.constituency) AS constituency,
        p.preferred_language,
        p.anonymity_level::text AS anonymity_level,
        u.is_verified AS email_verified,
        COALESCE(p.is_id_verified, false) AS id_verified,
        COALESCE(p.phone_verified, false) AS phone_verified,
        analytics.mask_phone(p.phone_number::text) AS phone_masked,
        CASE WHEN count(*) OVER (PARTITION BY pg_catalog.lower(pg_catalog.split_part(u.email::text, '@', 2))) >= 5
             THEN analytics.mask_email(u.email::text) ELSE '***@***' END AS email_masked,
        COALESCE(p.email_notifications_consent, false) AS email_notifications_consent,
        COALESCE(p.sms_notifications_consent, false) AS sms_notifications_consent,
        COALESCE(p.marketing_consent, false) AS marketing_consent,
        pg_catalog.date_trunc('month', u.created_at) AS joined_month,
        pg_catalog.date_trunc('day', u.last_login_at) AS last_login_day,
        u.is_active
    FROM public.users u
    JOIN public.user_profiles p ON p.user_id = u.id
    WHERE p.data_processing_consent""",
    "COMMENT ON VIEW analytics.user_profiles_masked IS 'One pseudonymous row per user who consented to data "
    "processing: masked phone, e-mail domain only when shared by 5+ users, no names or ids'",
    """CREATE VIEW analytics.users_by_county AS
    SELECT u.county::text AS county, u.role::text AS role, count(*) AS users,
        count(*) FILTER (WHERE u.is_verified) AS verified_email,
        count(*) FILTER (WHERE p.is_id_verified) AS verified_id,
        count(*) FILTER (WHERE p.phone_verified) AS verified_phone,
        count(*) FILTER (WHERE u.is_active) AS active
    FROM public.users u LEFT JOIN public.user_profiles p ON p.user_id = u.id
    GROUP BY u.county, u.role
    HAVING count(*) >= 5""",
    "COMMENT ON VIEW analytics.users_by_county IS 'Users per county and role; groups of fewer than 5 are left out'",
    """CREATE VIEW analytics.contact_methods_summary AS
    SELECT contact_type, is_verified, is_active, count(*) AS contact_methods,
        count(DISTINCT user_id) AS users, sum(delivery_failures) AS delivery_failures
    FROM public.user_contact_methods
    GROUP BY contact_type, is_verified, is_active
    HAVING count(DISTINCT user_id) >= 5""",
    "COMMENT ON VIEW analytics.contact_methods_summary IS 'Contact methods by type and state; groups of fewer "
    "than 5 users are left out'",
    """CREATE VIEW analytics.bill_tracking_summary AS
    SELECT b.id AS bill_id, b.bill_number, b.title, count(t.id) AS trackers,
        count(t.id) FILTER (WHERE t.notify_on_status_change) AS notify_on_status_change,
        count(t.id) FILTER (WHERE t.notify_on_new_comments) AS notify_on_new_comments,
        count(t.id) FILTER (WHERE t.notification_frequency = 'immediate') AS immediate,
        count(t.id) FILTER (WHERE t.notification_frequency <> 'immediate') AS batched
    FROM public.bills b JOIN public.bill_tracking_preferences t ON t.bill_id = b.id
    GROUP BY b.id, b.bill_number, b.title""",
    "COMMENT ON VIEW analytics.bill_tracking_summary IS 'How many people track each bill, and how they want to hear'",
    """CREATE VIEW analytics.notification_delivery_daily AS
    SELECT pg_catalog.date_trunc('day', created_at) AS day, notification_type::text AS notification_type,
        delivery_method, delivery_status, count(*) AS notifications,
        count(*) FILTER (WHERE is_read) AS read, count(*) FILTER (WHERE is_dismissed) AS dismissed,
        count(*) FILTER (WHERE action_taken) AS acted_on
    FROM public.notifications
    GROUP BY 1, 2, 3, 4""",
    "COMMENT ON VIEW analytics.notification_delivery_daily IS 'Notifications per day, type, channel and delivery "
    "status'",
    """CREATE VIEW analytics.verification_summary AS
    SELECT verification_type, verification_status::text AS verification_status,
        pg_catalog.date_trunc('month', submitted_at) AS submitted_month, count(*) AS requests,
        pg_catalog.percentile_cont(0.5) WITHIN GROUP (
            ORDER BY EXTRACT(EPOCH FROM verified_at - submitted_at) / 3600) AS median_hours_to_verify
    FROM public.user_verification
    GROUP BY 1, 2, 3""",
    "COMMENT ON VIEW analytics.verification_summary IS 'Identity verification requests per type, status and month'",
    "GRANT SELECT ON ALL TABLES IN SCHEMA analytics TO chanuka_analyst",
)

ANALYTICS_VIEWS = (
    "user_profiles_masked",
    "users_by_county",
    "contact_methods_summary",
    "bill_tracking_summary",
    "notification_delivery_daily",
    "verification_summary",
)

# ------------------------------------------------------------------------------------- downgrade
REVOKE_DEFAULT_PRIVILEGES = """
DO $defaults$
DECLARE
    d record;
BEGIN
    FOR d IN
        SELECT pg_catalog.pg_get_userbyid(a.defaclrole) AS creator, n.nspname,
            CASE a.defaclobjtype WHEN 'r' THEN 'TABLES' WHEN 'S' THEN 'SEQUENCES' WHEN 'f' THEN 'FUNCTIONS'
                WHEN 'T' THEN 'TYPES' WHEN 'n' THEN 'SCHEMAS' END AS kind
        FROM pg_catalog.pg_default_acl a LEFT JOIN pg_catalog.pg_namespace n ON n.oid = a.defaclnamespace
        WHERE EXISTS (
            SELECT 1 FROM pg_catalog.aclexplode(a.defaclacl) x JOIN pg_catalog.pg_roles r ON r.oid = x.grantee
            WHERE r.rolname IN ('chanuka_app', 'chanuka_readonly', 'chanuka_analyst'))
    LOOP
        EXECUTE format('ALTER DEFAULT PRIVILEGES FOR ROLE %I %s REVOKE ALL ON %s '
                       'FROM chanuka_app, chanuka_readonly, chanuka_analyst',
                       d.creator, CASE WHEN d.nspname IS NULL THEN '' ELSE format('IN SCHEMA %I', d.nspname) END,
                       d.kind);
    END LOOP;
END
$defaults$
"""

REVOKE_GRANTS = (
    "REVOKE ALL ON ALL TABLES IN SCHEMA public FROM chanuka_app, chanuka_readonly, chanuka_analyst",
    "REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM chanuka_app, chanuka_readonly, chanuka_analyst",
    "REVOKE ALL ON SCHEMA public FROM chanuka_owner, chanuka_app, chanuka_readonly, chanuka_analyst",
)


def upgrade() -> None:
    op.execute(CREATE_ROLES)
    for statement in SCHEMA_GRANTS:
        op.execute(statement)
    op.execute(BOOKKEEPING_GRANTS)
    op.execute(READONLY_GRANTS)
    for statement in FUNCTIONS:
        op.execute(statement)
    for table in RLS_TABLES:
        op.execute(f"ALTER TABLE public.{table} ENABLE ROW LEVEL SECURITY")
        op.execute(f"ALTER TABLE public.{table} FORCE ROW LEVEL SECURITY")
        op.execute(
            f"CREATE POLICY owner_all ON public.{table} AS PERMISSIVE FOR ALL TO chanuka_owner "
            "USING (true) WITH CHECK (true)"
        )
    for table, name, command, using, check in POLICIES:
        # Every piece is a constant of this module.
        using_sql = f" USING ({using})" if using is not None else ""
        check_sql = f" WITH CHECK ({check})" if check is not None else ""
        op.execute(
            f"CREATE POLICY {name} ON public.{table} AS PERMISSIVE FOR {command} TO chanuka_app{using_sql}{check_sql}"
        )
    for statement in ANALYTICS:
        op.execute(statement)
    op.execute(DEFAULT_PRIVILEGES)


def downgrade() -> None:
    for table, name, *_ in reversed(POLICIES):
        op.execute(f"DROP POLICY IF EXISTS {name} ON public.{table}")
    for table in RLS_TABLES:
        op.execute(f"DROP POLICY IF EXISTS owner_all ON public.{table}")
        op.execute(f"ALTER TABLE public.{table} NO FORCE ROW LEVEL SECURITY")
        op.execute(f"ALTER TABLE public.{table} DISABLE ROW LEVEL SECURITY")
    op.execute(REVOKE_DEFAULT_PRIVILEGES)
    for view in reversed(ANALYTICS_VIEWS):
        op.execute(f"DROP VIEW IF EXISTS analytics.{view}")
    op.execute("DROP FUNCTION IF EXISTS analytics.mask_email(text)")
    op.execute("DROP FUNCTION IF EXISTS analytics.mask_phone(text)")
    op.execute("DROP SCHEMA IF EXISTS analytics")
    op.execute("DROP FUNCTION IF EXISTS public.chanuka_session_user(text)")
    op.execute("DROP FUNCTION IF EXISTS public.chanuka_app_has_role(text[])")
    op.execute("DROP FUNCTION IF EXISTS public.chanuka_app_user_id()")
    for statement in REVOKE_GRANTS:
        op.execute(statement)
