"""The application: settings, the composition root, the daemon, the CLI, logs, the status
server, and the seed's public API as façades."""
