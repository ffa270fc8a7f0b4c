//! Keeping the objects across restarts (`kmipkit dev-server --persist`): one JSON file,
//! replaced atomically after every change (a temporary file beside it, fsync, rename, fsync of
//! the directory), so a crash leaves the old or the new file, never half of one. A file that
//! cannot be read back is an error naming it; it is never silently replaced by an empty store.
//!
//! **Development only**: key material is stored in the clear (hex), in a file of mode 0600.

use std::fmt;
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use kmipkit_core::ttlv::{
    CryptographicAlgorithm, CryptographicUsageMask, KeyFormatType, NameType, ObjectType,
    RevocationReasonCode, SecretDataType, State,
};
use serde::{Deserialize, Serialize};
use zeroize::{Zeroize, Zeroizing};

use super::store::{ManagedObject, Material, Store, StoredAttribute};

/// The `format` field of the file.
pub const FILE_FORMAT: &str = "kmipkit-dev-server-objects/1";

/// Saves the store after each change (see [`super::Engine::with_persistence`]).
pub trait Persistence: Send + Sync {
    /// Writes `store` durably, or fails without harming what was saved before.
    fn save(&self, store: &Store) -> Result<(), PersistError>;
}

/// Why the objects could not be read or written.
#[derive(Debug)]
#[non_exhaustive]
pub enum PersistError {
    /// The file exists but could not be read.
    Read {
        /// The file.
        path: PathBuf,
        /// The operating system's error.
        source: io::Error,
    },
    /// The file is not a store this server wrote (or it was damaged).
    Corrupt {
        /// The file.
        path: PathBuf,
        /// What is wrong, and where.
        detail: String,
    },
    /// The file (or its temporary sibling, or the directory) could not be written.
    Write {
        /// The file.
        path: PathBuf,
        /// The operating system's error.
        source: io::Error,
    },
}

impl fmt::Display for PersistError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PersistError::Read { path, source } => {
                write!(
                    f,
                    "cannot read the object store {}: {source}",
                    path.display()
                )
            }
            PersistError::Corrupt { path, detail } => write!(
                f,
                "the object store {} is damaged or not a kmipkit dev-server store: {detail} \
                 (move it away to start empty; it is never reset silently)",
                path.display()
            ),
            PersistError::Write { path, source } => {
                write!(
                    f,
                    "cannot write the object store {}: {source}",
                    path.display()
                )
            }
        }
    }
}

impl std::error::Error for PersistError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            PersistError::Read { source, .. } | PersistError::Write { source, .. } => Some(source),
            PersistError::Corrupt { .. } => None,
        }
    }
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileV1 {
    format: String,
    next_id: u64,
    objects: Vec<ObjectV1>,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct ObjectV1 {
    id: u64,
    owner: String,
    object_type: u32,
    material: Option<MaterialV1>,
    algorithm: Option<u32>,
    length: Option<i32>,
    usage_mask: Option<u32>,
    state: u32,
    initial_date: i64,
    last_change_date: i64,
    activation_date: Option<i64>,
    deactivation_date: Option<i64>,
    compromise_occurrence_date: Option<i64>,
    compromise_date: Option<i64>,
    destroy_date: Option<i64>,
    revocation_reason: Option<(u32, Option<String>)>,
    names: Vec<(String, u32)>,
    groups: Vec<String>,
    digest: Option<String>,
    /// Each other attribute's KMIP 2.1 encoding, in hex.
    extra: Vec<String>,
}

#[derive(Serialize, Deserialize)]
#[serde(tag = "kind", deny_unknown_fields)]
enum MaterialV1 {
    SymmetricKey {
        format: u32,
        key: String,
    },
    SecretData {
        secret_data_type: u32,
        format: u32,
        data: String,
    },
}

impl Drop for MaterialV1 {
    fn drop(&mut self) {
        match self {
            MaterialV1::SymmetricKey { key, .. } => key.zeroize(),
            MaterialV1::SecretData { data, .. } => data.zeroize(),
        }
    }
}

fn object_to_file(o: &ManagedObject) -> ObjectV1 {
    ObjectV1 {
        id: o.id,
        owner: o.owner.clone(),
        object_type: o.object_type.0,
        material: o.material.as_ref().map(|m| match m {
            Material::SymmetricKey { key, format } => MaterialV1::SymmetricKey {
                format: format.0,
                key: hex::encode(key),
            },
            Material::SecretData {
                secret_data_type,
                data,
                format,
            } => MaterialV1::SecretData {
                secret_data_type: secret_data_type.0,
                format: format.0,
                data: hex::encode(data),
            },
        }),
        algorithm: o.algorithm.map(|a| a.0),
        length: o.length,
        usage_mask: o.usage_mask.map(|m| m.0),
        state: o.state.0,
        initial_date: o.initial_date,
        last_change_date: o.last_change_date,
        activation_date: o.activation_date,
        deactivation_date: o.deactivation_date,
        compromise_occurrence_date: o.compromise_occurrence_date,
        compromise_date: o.compromise_date,
        destroy_date: o.destroy_date,
        revocation_reason: o.revocation_reason.as_ref().map(|(c, m)| (c.0, m.clone())),
        names: o.names.iter().map(|(n, t)| (n.clone(), t.0)).collect(),
        groups: o.groups.clone(),
        digest: o.digest.map(hex::encode),
        extra: o.extra.iter().map(|s| hex::encode(&s.encoded)).collect(),
    }
}

fn secret_hex(hex_text: &str, what: &str) -> Result<Zeroizing<Vec<u8>>, String> {
    let mut out = Zeroizing::new(vec![0u8; hex_text.len() / 2]);
    hex::decode_to_slice(hex_text, &mut out).map_err(|e| format!("{what}: {e}"))?;
    Ok(out)
}

fn object_from_file(f: &ObjectV1) -> Result<ManagedObject, String> {
    let at = |what: &str| format!("object {}: {what}", f.id);
    let material = match &f.material {
        None => None,
        Some(MaterialV1::SymmetricKey { format, key }) => Some(Material::SymmetricKey {
            key: secret_hex(key, &at("key"))?,
            format: KeyFormatType(*format),
        }),
        Some(MaterialV1::SecretData {
            secret_data_type,
            format,
            data,
        }) => Some(Material::SecretData {
            secret_data_type: SecretDataType(*secret_data_type),
            data: secret_hex(data, &at("data"))?,
            format: KeyFormatType(*format),
        }),
    };
    let digest = match &f.digest {
        None => None,
        Some(h) => {
            let mut d = [0u8; 32];
            hex::decode_to_slice(h, &mut d).map_err(|e| at(&format!("digest: {e}")))?;
            Some(d)
        }
    };
    let mut extra = Vec::with_capacity(f.extra.len());
    for (i, h) in f.extra.iter().enumerate() {
        let bytes = hex::decode(h).map_err(|e| at(&format!("attribute {i}: {e}")))?;
        let probe = StoredAttribute {
            key: super::store::AttrKey::Tag(0),
            encoded: bytes,
        };
        let value = probe
            .value()
            .ok_or_else(|| at(&format!("attribute {i} is not a KMIP 2.1 attribute")))?;
        let key = super::store::AttrKey::of(&value);
        extra.push(StoredAttribute {
            key,
            encoded: probe.encoded.clone(),
        });
    }
    if f.id == 0 {
        return Err(at("the id 0 is not valid"));
    }
    Ok(ManagedObject {
        id: f.id,
        uid: f.id.to_string(),
        owner: f.owner.clone(),
        object_type: ObjectType(f.object_type),
        material,
        algorithm: f.algorithm.map(CryptographicAlgorithm),
        length: f.length,
        usage_mask: f.usage_mask.map(CryptographicUsageMask),
        state: State(f.state),
        initial_date: f.initial_date,
        last_change_date: f.last_change_date,
        activation_date: f.activation_date,
        deactivation_date: f.deactivation_date,
        compromise_occurrence_date: f.compromise_occurrence_date,
        compromise_date: f.compromise_date,
        destroy_date: f.destroy_date,
        revocation_reason: f
            .revocation_reason
            .as_ref()
            .map(|(c, m)| (RevocationReasonCode(*c), m.clone())),
        names: f
            .names
            .iter()
            .map(|(n, t)| (n.clone(), NameType(*t)))
            .collect(),
        groups: f.groups.clone(),
        digest,
        extra,
        accounted: 0,
    })
}

/// The store as the file's bytes (zeroized when dropped: they hold key material).
pub fn to_bytes(store: &Store) -> Zeroizing<Vec<u8>> {
    let file = FileV1 {
        format: FILE_FORMAT.to_owned(),
        next_id: store.next_id(),
        objects: store.iter().map(object_to_file).collect(),
    };
    // Serialising these plain structures into memory cannot fail.
    Zeroizing::new(serde_json::to_vec_pretty(&file).unwrap_or_default())
}

/// Reads a store from the file's bytes; `path` names the file in errors.
pub fn from_bytes(bytes: &[u8], path: &Path) -> Result<Store, PersistError> {
    let corrupt = |detail: String| PersistError::Corrupt {
        path: path.to_path_buf(),
        detail,
    };
    let file: FileV1 = serde_json::from_slice(bytes).map_err(|e| corrupt(e.to_string()))?;
    if file.format != FILE_FORMAT {
        return Err(corrupt(format!(
            "format '{}', expected '{FILE_FORMAT}'",
            file.format
        )));
    }
    let mut objects = Vec::with_capacity(file.objects.len());
    for o in &file.objects {
        let o = object_from_file(o).map_err(corrupt)?;
        if objects.iter().any(|x: &ManagedObject| x.id == o.id) {
            return Err(corrupt(format!("object {} appears twice", o.id)));
        }
        objects.push(o);
    }
    Ok(Store::from_objects(objects, file.next_id))
}

/// The objects in a JSON file, replaced atomically after every change.
#[derive(Clone, Debug)]
pub struct FileStore {
    path: PathBuf,
}

impl FileStore {
    /// The store at `path` (nothing is read yet).
    pub fn new(path: impl Into<PathBuf>) -> FileStore {
        FileStore { path: path.into() }
    }

    /// The file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Reads the file; `Ok(None)` when it does not exist yet.
    pub fn load(&self) -> Result<Option<Store>, PersistError> {
        match fs::read(&self.path) {
            Ok(bytes) => {
                let bytes = Zeroizing::new(bytes);
                from_bytes(&bytes, &self.path).map(Some)
            }
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
            Err(source) => Err(PersistError::Read {
                path: self.path.clone(),
                source,
            }),
        }
    }
}

impl Persistence for FileStore {
    fn save(&self, store: &Store) -> Result<(), PersistError> {
        write_atomically(&self.path, &to_bytes(store)).map_err(|source| PersistError::Write {
            path: self.path.clone(),
            source,
        })
    }
}

/// Replaces `path` with `contents`: a temporary file in the same directory (mode 0600),
/// written and fsynced, renamed over `path`, then the directory fsynced so the rename itself
/// is durable.
pub fn write_atomically(path: &Path, contents: &[u8]) -> io::Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "objects".into());
    let tmp = dir.join(format!(".{name}.tmp"));
    let mut options = fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let result = (|| {
        let mut file = options.open(&tmp)?;
        file.write_all(contents)?;
        file.sync_all()?;
        drop(file);
        fs::rename(&tmp, path)?;
        #[cfg(unix)]
        fs::File::open(&dir)?.sync_all()?;
        Ok(())
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}
