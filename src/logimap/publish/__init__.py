"""Writing outputs safely: each file atomically (``files``), a build's files all or nothing
into the output folder (``folder``), under a lock (``lock``), with a manifest of what builds
wrote (``manifest``), so that a later build removes only its own stale files."""

from logimap.publish.files import WrittenFile, write_bytes, write_text
from logimap.publish.folder import check_output, publish_all

__all__ = ["WrittenFile", "check_output", "publish_all", "write_bytes", "write_text"]
