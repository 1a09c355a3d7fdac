"""Names for this process's leases and claims (docs/design.md, "Theory of operation")."""

from __future__ import annotations

import os
import socket
import uuid


def new_owner() -> str:
    """Host, process id and a random part, so a restarted daemon never mistakes its
    predecessor's claims for its own."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
