//! The loader: the only code that reads the project's files.
//!
//! It finds the project file (`kiln.yml`, else `dbt_project.yml`), decodes it to learn the
//! model, seed, test and macro paths, then reads every `.sql`, `.yml`/`.yaml` and `.csv`
//! file below them into [`SourceFiles`], in a stable (sorted) order. Everything after this
//! works on memory only.

use super::raw::{RawProfiles, RawProjectFile};
use crate::diagnostic::{Diagnostic, FileId, SourceFile, SourceFiles};
use crate::yaml;
use rayon::prelude::*;
use std::path::{Path, PathBuf};

/// Which project file was read; the defaults of a few keys differ between them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProjectFileKind {
    Kiln,
    Dbt,
}

/// The project's files, read and sorted by kind.
#[derive(Debug)]
pub struct LoadedProject {
    pub root: PathBuf,
    pub files: SourceFiles,
    pub project_file: FileId,
    pub project_file_kind: ProjectFileKind,
    pub project: RawProjectFile,
    pub paths: ProjectPaths,
    /// `profiles.yml` beside the project file, if any (dbt's format).
    pub profiles: Option<(FileId, RawProfiles)>,
    /// Every YAML file under the model and seed paths.
    pub property_files: Vec<FileId>,
    pub models: Vec<FileId>,
    pub macros: Vec<FileId>,
    pub seeds: Vec<FileId>,
    pub singular_tests: Vec<FileId>,
}

#[derive(Debug, Clone)]
pub struct ProjectPaths {
    pub model_paths: Vec<String>,
    pub seed_paths: Vec<String>,
    pub test_paths: Vec<String>,
    pub macro_paths: Vec<String>,
}

/// Reads the project at `root`. Fails only when there is no readable, decodable project
/// file; unreadable files below it become diagnostics.
pub fn load(
    root: &Path,
) -> Result<(LoadedProject, Vec<Diagnostic>), (SourceFiles, Vec<Diagnostic>)> {
    let mut files = SourceFiles::default();
    let mut diagnostics = Vec::new();
    let Some((kind, file_name)) = find_project_file(root) else {
        let diagnostic = Diagnostic::error(
            "project-not-found",
            format!("no `kiln.yml` or `dbt_project.yml` in `{}`", root.display()),
        )
        .with_help("run kiln from the project root, or pass `--project-dir`");
        return Err((files, vec![diagnostic]));
    };
    let project_file = match read_text(root, file_name, &mut files) {
        Ok(id) => id,
        Err(diagnostic) => return Err((files, vec![diagnostic])),
    };
    let project: RawProjectFile = match yaml::decode(&files, project_file) {
        Ok(project) => project,
        Err(diagnostic) => return Err((files, vec![diagnostic])),
    };
    let paths = ProjectPaths {
        model_paths: project
            .model_paths
            .clone()
            .unwrap_or_else(|| vec!["models".into()]),
        seed_paths: project.seed_paths.clone().unwrap_or_else(|| match kind {
            ProjectFileKind::Kiln => vec!["data".into()],
            ProjectFileKind::Dbt => vec!["seeds".into()],
        }),
        test_paths: project.test_paths.clone().unwrap_or_else(|| match kind {
            ProjectFileKind::Kiln => vec!["tests/data".into()],
            ProjectFileKind::Dbt => vec!["tests".into()],
        }),
        macro_paths: project
            .macro_paths
            .clone()
            .unwrap_or_else(|| vec!["macros".into()]),
    };

    let profiles = if root.join("profiles.yml").is_file() {
        match read_text(root, "profiles.yml", &mut files) {
            Ok(id) => match yaml::decode::<RawProfiles>(&files, id) {
                Ok(profiles) => Some((id, profiles)),
                Err(diagnostic) => {
                    diagnostics.push(diagnostic);
                    None
                }
            },
            Err(diagnostic) => {
                diagnostics.push(diagnostic);
                None
            }
        }
    } else {
        None
    };

    let mut loaded = LoadedProject {
        root: root.to_path_buf(),
        files,
        project_file,
        project_file_kind: kind,
        project,
        paths: paths.clone(),
        profiles,
        property_files: Vec::new(),
        models: Vec::new(),
        macros: Vec::new(),
        seeds: Vec::new(),
        singular_tests: Vec::new(),
    };
    // Walk first, then read every file in parallel: on a 10,000-model project reading is
    // most of the loader's time. Files keep the walk's order, so ids are stable.
    let mut wanted: Vec<(String, Bucket)> = Vec::new();
    for dir in &paths.model_paths {
        for rel in walk(root, dir) {
            match extension(&rel) {
                Some("sql") => wanted.push((rel, Bucket::Model)),
                Some("yml" | "yaml") => wanted.push((rel, Bucket::Property)),
                _ => {}
            }
        }
    }
    for dir in &paths.seed_paths {
        for rel in walk(root, dir) {
            match extension(&rel) {
                Some("csv") => wanted.push((rel, Bucket::Seed)),
                Some("yml" | "yaml") => wanted.push((rel, Bucket::Property)),
                _ => {}
            }
        }
    }
    for dir in &paths.macro_paths {
        for rel in walk(root, dir) {
            if extension(&rel) == Some("sql") {
                wanted.push((rel, Bucket::Macro));
            }
        }
    }
    for dir in &paths.test_paths {
        for rel in walk(root, dir) {
            if extension(&rel) == Some("sql") {
                wanted.push((rel, Bucket::SingularTest));
            }
        }
    }
    let texts: Vec<Result<SourceFile, Diagnostic>> = wanted
        .par_iter()
        .map(|(rel, _)| read_file(root, rel).map(|text| SourceFile::new(rel.clone(), text)))
        .collect();
    for ((_, bucket), file) in wanted.into_iter().zip(texts) {
        let file = match file {
            Ok(file) => file,
            Err(diagnostic) => {
                diagnostics.push(diagnostic);
                continue;
            }
        };
        let id = loaded.files.push(file);
        match bucket {
            Bucket::Model => loaded.models.push(id),
            Bucket::Property => loaded.property_files.push(id),
            Bucket::Seed => loaded.seeds.push(id),
            Bucket::Macro => loaded.macros.push(id),
            Bucket::SingularTest => loaded.singular_tests.push(id),
        }
    }
    Ok((loaded, diagnostics))
}

fn find_project_file(root: &Path) -> Option<(ProjectFileKind, &'static str)> {
    [
        (ProjectFileKind::Kiln, "kiln.yml"),
        (ProjectFileKind::Dbt, "dbt_project.yml"),
    ]
    .into_iter()
    .find(|(_, name)| root.join(name).is_file())
}

/// Which list of [`LoadedProject`] a file goes to.
#[derive(Debug, Clone, Copy)]
enum Bucket {
    Model,
    Property,
    Seed,
    Macro,
    SingularTest,
}

/// Reads a UTF-8 file into the table; `rel` is relative to `root`, `/`-separated.
fn read_text(root: &Path, rel: &str, files: &mut SourceFiles) -> Result<FileId, Diagnostic> {
    read_file(root, rel).map(|text| files.add(rel.to_string(), text))
}

/// Reads a UTF-8 file; `rel` is relative to `root`, `/`-separated.
fn read_file(root: &Path, rel: &str) -> Result<String, Diagnostic> {
    match std::fs::read(root.join(rel)) {
        Ok(bytes) => String::from_utf8(bytes)
            .map_err(|_| Diagnostic::error("file-not-utf8", format!("`{rel}` is not UTF-8 text"))),
        Err(error) => Err(Diagnostic::error(
            "file-unreadable",
            format!("cannot read `{rel}`: {error}"),
        )),
    }
}

/// Files under `root/dir`, relative to `root` with `/` separators, sorted, hidden files skipped.
fn walk(root: &Path, dir: &str) -> Vec<String> {
    let base = root.join(dir);
    if !base.is_dir() {
        return Vec::new();
    }
    walkdir::WalkDir::new(&base)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|entry| {
            entry.depth() == 0 || !entry.file_name().to_string_lossy().starts_with('.')
        })
        .filter_map(Result::ok)
        .filter(|entry| entry.file_type().is_file())
        .filter_map(|entry| {
            entry.path().strip_prefix(root).ok().map(|rel| {
                rel.components()
                    .map(|c| c.as_os_str().to_string_lossy().into_owned())
                    .collect::<Vec<_>>()
                    .join("/")
            })
        })
        .collect()
}

fn extension(rel: &str) -> Option<&str> {
    rel.rsplit_once('.').map(|(_, ext)| ext)
}
