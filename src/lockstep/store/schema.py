"""The only place in lockstep that speaks DDL.

Migrations are an ordered list; `schema_version` records which ones ran. A new table or
column is a new migration appended at the end, never an edit of an old one, so that a store
built by an older lockstep is upgraded in place when a newer one opens it.

Timestamps are naive UTC (`TIMESTAMP`), with a separate precision column where the source
may be coarser than a second.
"""

from __future__ import annotations

MIGRATIONS: list[tuple[int, str, str]] = [
    (
        1,
        "foundation: catalogues, documents, term index, posts, mentions, events, votes, findings",
        """
        CREATE TABLE outlets (
            id VARCHAR PRIMARY KEY,
            name VARCHAR NOT NULL,
            country VARCHAR,
            state_affiliated BOOLEAN,
            affiliation_source VARCHAR,
            domains VARCHAR[],
            languages VARCHAR[],
            kind VARCHAR,
            notes VARCHAR,
            in_catalogue BOOLEAN NOT NULL,
            catalogue_file VARCHAR
        );
        CREATE TABLE outlet_aliases (outlet_id VARCHAR NOT NULL, language VARCHAR, alias VARCHAR NOT NULL);
        CREATE TABLE actors (
            id VARCHAR PRIMARY KEY,
            kind VARCHAR NOT NULL,
            name VARCHAR NOT NULL,
            country VARCHAR,
            role VARCHAR,
            source VARCHAR,
            catalogue_file VARCHAR
        );
        CREATE TABLE actor_aliases (actor_id VARCHAR NOT NULL, language VARCHAR, alias VARCHAR NOT NULL);
        CREATE TABLE documents (
            id VARCHAR PRIMARY KEY,
            outlet_id VARCHAR NOT NULL,
            outlet_name VARCHAR NOT NULL,
            url VARCHAR,
            language VARCHAR,
            published_at TIMESTAMP,
            date_precision VARCHAR NOT NULL,
            title VARCHAR,
            text VARCHAR NOT NULL,
            content_sha256 VARCHAR NOT NULL,
            minhash UINTEGER[],
            urls VARCHAR[],
            hashtags VARCHAR[],
            n_terms INTEGER NOT NULL,
            lemmas VARCHAR NOT NULL,
            external_id VARCHAR,
            raw_ref VARCHAR,
            source_format VARCHAR NOT NULL,
            source_file VARCHAR NOT NULL,
            source_record VARCHAR,
            extra JSON,
            ingested_at TIMESTAMP NOT NULL,
            run_id INTEGER NOT NULL
        );
        CREATE TABLE document_terms (doc_id VARCHAR NOT NULL, term VARCHAR NOT NULL, tf USMALLINT NOT NULL);
        CREATE TABLE posts (
            id VARCHAR PRIMARY KEY,
            platform VARCHAR NOT NULL,
            account VARCHAR NOT NULL,
            account_name VARCHAR,
            post_id VARCHAR NOT NULL,
            ts TIMESTAMP NOT NULL,
            text VARCHAR NOT NULL,
            text_sha256 VARCHAR NOT NULL,
            language VARCHAR,
            minhash UINTEGER[],
            urls VARCHAR[],
            hashtags VARCHAR[],
            repost_of VARCHAR,
            reply_to VARCHAR,
            source_file VARCHAR NOT NULL,
            source_record VARCHAR,
            extra JSON,
            ingested_at TIMESTAMP NOT NULL,
            run_id INTEGER NOT NULL
        );
        CREATE TABLE gdelt_mentions (
            id VARCHAR PRIMARY KEY,
            event_id BIGINT NOT NULL,
            event_time TIMESTAMP NOT NULL,
            mention_time TIMESTAMP NOT NULL,
            mention_type INTEGER,
            source_name VARCHAR,
            identifier VARCHAR,
            sentence_id INTEGER,
            confidence INTEGER,
            doc_len INTEGER,
            doc_tone DOUBLE,
            translation_info VARCHAR,
            source_file VARCHAR NOT NULL,
            source_record VARCHAR,
            run_id INTEGER NOT NULL
        );
        CREATE TABLE events (
            id VARCHAR PRIMARY KEY,
            date DATE NOT NULL,
            date_precision VARCHAR NOT NULL,
            kind VARCHAR NOT NULL,
            title VARCHAR,
            actors VARCHAR[],
            issue VARCHAR,
            stance VARCHAR,
            target VARCHAR,
            place VARCHAR,
            quote VARCHAR,
            sources VARCHAR[] NOT NULL,
            source_file VARCHAR NOT NULL,
            source_record VARCHAR,
            run_id INTEGER NOT NULL
        );
        CREATE TABLE votes (
            id VARCHAR PRIMARY KEY,
            forum VARCHAR NOT NULL,
            resolution VARCHAR NOT NULL,
            date DATE,
            country VARCHAR NOT NULL,
            position VARCHAR NOT NULL,
            issue VARCHAR,
            source_file VARCHAR NOT NULL,
            source_record VARCHAR,
            run_id INTEGER NOT NULL
        );
        CREATE TABLE signatures (
            id VARCHAR PRIMARY KEY,
            statement VARCHAR NOT NULL,
            date DATE,
            country VARCHAR NOT NULL,
            side VARCHAR,
            completeness VARCHAR,
            source_url VARCHAR,
            source_file VARCHAR NOT NULL,
            source_record VARCHAR,
            run_id INTEGER NOT NULL
        );
        CREATE TABLE findings (
            id VARCHAR PRIMARY KEY,
            analysis VARCHAR NOT NULL,
            parameters JSON,
            value JSON,
            evidence VARCHAR[],
            created_at TIMESTAMP NOT NULL
        );
        CREATE TABLE ingest_runs (
            id INTEGER PRIMARY KEY,
            started_at TIMESTAMP NOT NULL,
            finished_at TIMESTAMP,
            inputs VARCHAR[],
            summary JSON
        );
        CREATE TABLE rejections (
            run_id INTEGER NOT NULL,
            source_file VARCHAR NOT NULL,
            source_record VARCHAR,
            reason VARCHAR NOT NULL
        );
        """,
    ),
    (
        30,
        "diplomacy: roll calls, statements, resolution/statement targets, vote and event details",
        """
        ALTER TABLE votes ADD COLUMN roll_call VARCHAR;
        ALTER TABLE votes ADD COLUMN completeness VARCHAR;
        ALTER TABLE votes ADD COLUMN source_url VARCHAR;
        ALTER TABLE events ADD COLUMN external_id VARCHAR;
        ALTER TABLE events ADD COLUMN extra JSON;
        CREATE TABLE roll_calls (
            id VARCHAR PRIMARY KEY,
            forum VARCHAR NOT NULL,
            roll_call VARCHAR NOT NULL,
            resolution VARCHAR,
            date DATE,
            title VARCHAR,
            description VARCHAR,
            issues VARCHAR[],
            session INTEGER,
            important BOOLEAN,
            amendment BOOLEAN,
            paragraph BOOLEAN,
            source_file VARCHAR NOT NULL,
            source_record VARCHAR,
            run_id INTEGER NOT NULL
        );
        CREATE TABLE statements (
            id VARCHAR PRIMARY KEY,
            statement VARCHAR NOT NULL,
            date DATE,
            forum VARCHAR,
            lead VARCHAR,
            stance VARCHAR,
            declared_count INTEGER,
            names_in_file INTEGER,
            attestation VARCHAR,
            sources VARCHAR[],
            source_file VARCHAR NOT NULL,
            source_record VARCHAR,
            run_id INTEGER NOT NULL
        );
        CREATE TABLE targets (
            id VARCHAR PRIMARY KEY,
            ref VARCHAR NOT NULL,
            target VARCHAR NOT NULL,
            issue VARCHAR NOT NULL,
            yes_means VARCHAR NOT NULL,
            forum VARCHAR,
            title VARCHAR,
            date DATE,
            source VARCHAR,
            source_file VARCHAR NOT NULL,
            source_record VARCHAR,
            run_id INTEGER NOT NULL
        )
        """,
    ),
]

LATEST_VERSION = max(version for version, _, _ in MIGRATIONS)
