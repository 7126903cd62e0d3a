-- A store made by the code before versioned migrations (commit 87b4df0), on tests/data/core plus one ingested event:
-- tests/test_migrations.py upgrades it in place.
BEGIN TRANSACTION;
CREATE TABLE actors (
    id TEXT PRIMARY KEY, name TEXT NOT NULL, aliases TEXT, kind TEXT NOT NULL,
    affiliated_with TEXT, relation TEXT, country TEXT, description TEXT,
    wikidata_qid TEXT, opensanctions_id TEXT, origin TEXT NOT NULL
);
INSERT INTO "actors" VALUES('military-junta','Myanmar military junta','junta|Tatmadaw','military',NULL,NULL,'Myanmar','The armed forces in power since the 2021 coup.',NULL,NULL,'curated');
INSERT INTO "actors" VALUES('norinco','Norinco','China North Industries Group','company',NULL,NULL,'China','Chinese state-owned arms maker.',NULL,NULL,'curated');
INSERT INTO "actors" VALUES('wanbao-mining','Wanbao Mining','','company','norinco','subsidiary-of','China','Norinco''s mining subsidiary.',NULL,NULL,'curated');
INSERT INTO "actors" VALUES('myanmar-wanbao','Myanmar Wanbao','','company','wanbao-mining','subsidiary-of','Myanmar','Operates the Letpadaung mine.',NULL,NULL,'curated');
INSERT INTO "actors" VALUES('mandalay-pdf','Mandalay People''s Defense Force','Mandalay PDF','armed-resistance',NULL,NULL,'Myanmar','Resistance force in Mandalay Region.',NULL,NULL,'curated');
INSERT INTO "actors" VALUES('cnpc','China National Petroleum Corporation','CNPC','company',NULL,NULL,'China','Chinese state oil company.',NULL,NULL,'curated');
CREATE TABLE articles (
    id TEXT PRIMARY KEY, title TEXT NOT NULL, title_is_estimate INTEGER NOT NULL DEFAULT 0,
    publisher TEXT NOT NULL, published TEXT, published_precision TEXT,
    published_is_estimate INTEGER NOT NULL DEFAULT 0, url TEXT, language TEXT,
    body TEXT NOT NULL, note TEXT, origin TEXT NOT NULL, content_hash TEXT,
    added_by TEXT, added_at TEXT
);
INSERT INTO "articles" VALUES('art-test-one','Rights group calls for sanctions on Norinco',1,'Test Post','2025-07','month',1,'https://example.org/one','en','The Mandalay PDF seized Norinco crates in Madaya Township on July 20.
Norinco’s subsidiary Wanbao Mining runs the Letpadaung mine.
The pipeline runs from Kyaukphyu to Kunming.
','Fixture article for tests.','curated','8c535a8b44b0b0c44876e249a60be6ae01966fa1d74275a7626553aeca34904c',NULL,NULL);
CREATE TABLE event_actors (
    event_id TEXT NOT NULL, actor_id TEXT NOT NULL, role TEXT NOT NULL,
    PRIMARY KEY (event_id, actor_id, role)
);
INSERT INTO "event_actors" VALUES('ev-seizure','mandalay-pdf','seizer');
INSERT INTO "event_actors" VALUES('ev-seizure','norinco','supplier');
INSERT INTO "event_actors" VALUES('ev-seizure','military-junta','subject');
INSERT INTO "event_actors" VALUES('site-letpadaung','myanmar-wanbao','operator');
INSERT INTO "event_actors" VALUES('site-pipeline','cnpc','operator');
INSERT INTO "event_actors" VALUES('ev-contract','norinco','supplier');
INSERT INTO "event_actors" VALUES('ev-contract','military-junta','recipient');
INSERT INTO "event_actors" VALUES('ev-user-1','norinco','supplier');
CREATE TABLE event_titles (event_id TEXT PRIMARY KEY, title TEXT NOT NULL);
INSERT INTO "event_titles" VALUES('ev-contract','Arms contract');
INSERT INTO "event_titles" VALUES('ev-seizure','Seizure of Norinco crates');
INSERT INTO "event_titles" VALUES('site-letpadaung','Letpadaung copper mine');
INSERT INTO "event_titles" VALUES('site-pipeline','Oil and gas pipeline');
INSERT INTO "event_titles" VALUES('ev-user-1','User event');
CREATE TABLE events (
    id TEXT PRIMARY KEY, kind TEXT NOT NULL, title TEXT NOT NULL, summary TEXT,
    category TEXT NOT NULL, date_start TEXT, date_end TEXT, date_precision TEXT NOT NULL,
    place_id TEXT, place_name TEXT, route_id TEXT,
    latitude REAL, longitude REAL, precision_m INTEGER,
    article_id TEXT, source_start INTEGER, source_end INTEGER, quote TEXT, note TEXT,
    origin TEXT NOT NULL, provenance TEXT, content_hash TEXT NOT NULL
);
INSERT INTO "events" VALUES('ev-seizure','event','Seizure of Norinco crates','Resistance fighters seized crates.','seizures-combat','2025-07-20','2025-07-20','day','pl-madaya-township','Madaya Township','',22.2159,96.1724,20000,'art-test-one',0,69,'The Mandalay PDF seized Norinco crates in Madaya Township on July 20.','','curated',NULL,'e4b3cebb0f8a5ce1');
INSERT INTO "events" VALUES('site-letpadaung','site','Letpadaung copper mine','A copper mine run by a Norinco subsidiary.','resource-extraction','2012-01-01','','period','pl-letpadaung-mine','Letpadaung mine','',22.119992,95.036995,3000,'art-test-one',70,130,'Norinco’s subsidiary Wanbao Mining runs the Letpadaung mine.','','curated',NULL,'f8b05fd5048ce689');
INSERT INTO "events" VALUES('site-pipeline','site','Oil and gas pipeline','The pipeline to China.','infrastructure','','','undated','','Test pipeline','route-pipeline-test',21.9894,96.0921,1000,'art-test-one',131,175,'The pipeline runs from Kyaukphyu to Kunming.','','curated',NULL,'2b4b1d3203b63ca5');
INSERT INTO "events" VALUES('ev-contract','event','Arms contract','A contract in 2017.','arms-supply','2017-01-01','2017-12-31','year','pl-myanmar','Myanmar','',21.1201,96.5076,600000,'art-test-one',24,38,'Norinco crates','','curated',NULL,'77fee1bd13e48f11');
INSERT INTO "events" VALUES('ev-user-1','event','User event',NULL,'arms-supply',NULL,NULL,'undated','pl-mandalay','Mandalay',NULL,21.9894,96.0921,5000,NULL,NULL,NULL,NULL,NULL,'ingest',NULL,'3c1e86e7272ee702');
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
INSERT INTO "meta" VALUES('data_fingerprint','2afb62c97ce1ec98');
CREATE TABLE places (
    id TEXT PRIMARY KEY, name TEXT NOT NULL, aliases TEXT, kind TEXT NOT NULL,
    latitude REAL NOT NULL, longitude REAL NOT NULL, precision_m INTEGER NOT NULL,
    admin_area TEXT, country TEXT, source TEXT, origin TEXT NOT NULL
);
INSERT INTO "places" VALUES('pl-madaya-township','Madaya Township','Madaya|မတ္တရာ','township',22.2159,96.1724,20000,'Mandalay Region','Myanmar','fixture','curated');
INSERT INTO "places" VALUES('pl-letpadaung-mine','Letpadaung mine','Letpadaung','site',22.119992,95.036995,3000,'Sagaing Region','Myanmar','fixture','curated');
INSERT INTO "places" VALUES('pl-kyaukphyu','Kyaukphyu','Kyaukpyu','town',19.4239,93.5544,3000,'Rakhine State','Myanmar','fixture','curated');
INSERT INTO "places" VALUES('pl-mandalay','Mandalay','','city',21.9894,96.0921,5000,'Mandalay Region','Myanmar','fixture','curated');
INSERT INTO "places" VALUES('pl-kunming','Kunming','','city',25.03889,102.71833,10000,'Yunnan','China','fixture','curated');
INSERT INTO "places" VALUES('pl-myanmar','Myanmar','Burma','country',21.1201,96.5076,600000,'','Myanmar','fixture','curated');
CREATE TABLE routes (
    id TEXT PRIMARY KEY, name TEXT NOT NULL, kind TEXT NOT NULL, status TEXT,
    description TEXT, sources TEXT, geojson TEXT NOT NULL, origin TEXT NOT NULL
);
INSERT INTO "routes" VALUES('route-pipeline-test','Test pipeline','pipeline','operating','Fixture pipeline from Kyaukphyu to Kunming.','fixture','{"type": "FeatureCollection", "features": [{"type": "Feature", "geometry": {"type": "LineString", "coordinates": [[93.5544, 19.4239], [96.0921, 21.9894]]}, "properties": {"route_id": "route-pipeline-test", "segment": 1, "from_place": "pl-kyaukphyu", "to_place": "pl-mandalay", "inferred": false, "source": "fixture"}}, {"type": "Feature", "geometry": {"type": "LineString", "coordinates": [[96.0921, 21.9894], [102.71833, 25.03889]]}, "properties": {"route_id": "route-pipeline-test", "segment": 2, "from_place": "pl-mandalay", "to_place": "pl-kunming", "inferred": true, "source": "fixture"}}]}','curated');
CREATE TABLE sanctions (
    actor_id TEXT NOT NULL, jurisdiction TEXT NOT NULL, status TEXT NOT NULL, measure TEXT, listed_as TEXT,
    programme TEXT, listed_on TEXT, act TEXT, list_id TEXT, source_url TEXT NOT NULL,
    inferred INTEGER NOT NULL DEFAULT 0, note TEXT, as_of TEXT NOT NULL,
    origin TEXT NOT NULL, source_row INTEGER, added_at TEXT
);
CREATE TABLE version_changes (
    version INTEGER NOT NULL, event_id TEXT NOT NULL, change TEXT NOT NULL
);
INSERT INTO "version_changes" VALUES(1,'ev-seizure','added');
INSERT INTO "version_changes" VALUES(1,'site-letpadaung','added');
INSERT INTO "version_changes" VALUES(1,'site-pipeline','added');
INSERT INTO "version_changes" VALUES(1,'ev-contract','added');
INSERT INTO "version_changes" VALUES(2,'ev-user-1','added');
CREATE TABLE versions (
    version INTEGER PRIMARY KEY, created_at TEXT NOT NULL, description TEXT NOT NULL
);
INSERT INTO "versions" VALUES(1,'2026-12-02T01:11:19+00:00','curated data loaded from data/');
INSERT INTO "versions" VALUES(2,'2026-12-02T01:11:19+00:00','user added');
CREATE INDEX events_origin ON events(origin);
CREATE INDEX events_dates ON events(date_start, date_end);
CREATE INDEX event_actors_actor ON event_actors(actor_id);
CREATE INDEX version_changes_version ON version_changes(version);
CREATE INDEX sanctions_actor ON sanctions(actor_id);
COMMIT;
