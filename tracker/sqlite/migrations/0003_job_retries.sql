CREATE TABLE job_retries (
	job TEXT PRIMARY KEY,
	slot DATETIME NOT NULL,
	attempt INTEGER NOT NULL CHECK (attempt >= 2),
	due_at DATETIME NOT NULL
)
