-- Records a complete upload in the file store that received it (sql/stores.sql). The same bytes
-- uploaded again are the same upload, now held by the store and host that received them last
-- (which have its file): 1 row changed for a new upload, 0 or 2 for one uploaded before.
INSERT INTO sluice_uploads (sha256, bytes, filename, content_type, stored_as, key_id, store_id, host_name)
VALUES (?, ?, ?, ?, ?, ?, ?, ?)
ON DUPLICATE KEY UPDATE store_id = VALUES(store_id), host_name = VALUES(host_name)
