//! The tantivy directory an index folder is opened with: tantivy's memory-mapped one,
//! except that a folder nobody can write is still searched, and tantivy's records are
//! as readable as the rest of the index.

use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use tantivy::directory::error::{DeleteError, LockError, OpenReadError, OpenWriteError};
use tantivy::directory::{
    Directory, DirectoryLock, FileHandle, Lock, MmapDirectory, WatchCallback, WatchHandle,
    WritePtr, META_LOCK,
};

/// [`MmapDirectory`], with two differences.
///
/// tantivy writes its records (`meta.json`, `.managed.json`) through a temporary file
/// only its owner may read, so another user (a server's, say) could read every segment
/// file but not the list of them: they get the permissions of Lupa's marker, which the
/// user's umask set.
///
/// tantivy takes its meta lock (a file it
/// creates) to load a searcher, which fails on a read-only file system or in a folder
/// the user may not write. The lock only orders a reader's load against a writer's
/// deletions in the same folder; where this user cannot create the lock file, this
/// process writes nothing, so the load goes ahead without it. (Another user's writer
/// may still delete a file between the load and its opening: that reload fails, and the
/// next one succeeds.)
#[derive(Debug, Clone)]
pub(crate) struct IndexDirectory {
    inner: MmapDirectory,
    root: Arc<PathBuf>,
}

impl IndexDirectory {
    pub(crate) fn open(path: &Path) -> tantivy::Result<IndexDirectory> {
        Ok(IndexDirectory {
            inner: MmapDirectory::open(path)?,
            root: Arc::new(path.to_path_buf()),
        })
    }
}

impl Directory for IndexDirectory {
    fn get_file_handle(&self, path: &Path) -> Result<Arc<dyn FileHandle>, OpenReadError> {
        self.inner.get_file_handle(path)
    }

    fn delete(&self, path: &Path) -> Result<(), DeleteError> {
        self.inner.delete(path)
    }

    fn exists(&self, path: &Path) -> Result<bool, OpenReadError> {
        self.inner.exists(path)
    }

    fn open_write(&self, path: &Path) -> Result<WritePtr, OpenWriteError> {
        self.inner.open_write(path)
    }

    fn atomic_read(&self, path: &Path) -> Result<Vec<u8>, OpenReadError> {
        self.inner.atomic_read(path)
    }

    fn atomic_write(&self, path: &Path, data: &[u8]) -> io::Result<()> {
        self.inner.atomic_write(path, data)?;
        let folder = &self.root;
        if let Ok(marker) = std::fs::metadata(folder.join(super::MARKER)) {
            std::fs::set_permissions(folder.join(path), marker.permissions())?;
        }
        Ok(())
    }

    fn sync_directory(&self) -> io::Result<()> {
        self.inner.sync_directory()
    }

    fn acquire_lock(&self, lock: &Lock) -> Result<DirectoryLock, LockError> {
        match self.inner.acquire_lock(lock) {
            Err(LockError::IoError(e))
                if lock.filepath == META_LOCK.filepath
                    && matches!(
                        e.kind(),
                        io::ErrorKind::ReadOnlyFilesystem | io::ErrorKind::PermissionDenied
                    ) =>
            {
                Ok(DirectoryLock::from(Box::new(())))
            }
            other => other,
        }
    }

    fn watch(&self, watch_callback: WatchCallback) -> tantivy::Result<WatchHandle> {
        self.inner.watch(watch_callback)
    }
}
