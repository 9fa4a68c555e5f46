// The event-driven engine: see the module's files.
