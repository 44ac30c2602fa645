// The files the user gave (a folder picked, files picked, or a folder or files dropped), grouped by the folder they
// are in: each folder is a candidate run, named by its path inside what was given.

/** A file with its path relative to what the user gave ("runs/a/metrics.jsonl"). */
export interface GivenFile {
  path: string;
  file: File;
}

/** One folder's files, by file name. */
export interface Folder {
  path: string;
  files: Map<string, File>;
}

/** The files of a file input: with webkitdirectory, each knows its path inside the folder picked. */
export function filesOfInput(list: FileList): GivenFile[] {
  return [...list].map((file) => ({ path: file.webkitRelativePath || file.name, file }));
}

function readEntries(reader: FileSystemDirectoryReader): Promise<FileSystemEntry[]> {
  return new Promise((resolve, reject) => reader.readEntries(resolve, reject));
}

/** Every file under `entry`, with its path (a directory reader hands out its entries in batches). */
async function walk(entry: FileSystemEntry, prefix: string, out: GivenFile[]): Promise<void> {
  const path = prefix === '' ? entry.name : `${prefix}/${entry.name}`;
  if (entry.isFile) {
    const file = await new Promise<File>((resolve, reject) => (entry as FileSystemFileEntry).file(resolve, reject));
    out.push({ path, file });
    return;
  }
  const reader = (entry as FileSystemDirectoryEntry).createReader();
  for (let batch = await readEntries(reader); batch.length > 0; batch = await readEntries(reader)) {
    for (const child of batch) await walk(child, path, out);
  }
}

/** The files dropped: folders are walked (where the browser gives entries), plain files taken as they are. */
export async function filesOfDrop(data: DataTransfer): Promise<GivenFile[]> {
  const entries = [...data.items].map((item) => item.webkitGetAsEntry?.() ?? null);
  if (entries.some((e) => e === null)) return [...data.files].map((file) => ({ path: file.name, file }));
  const out: GivenFile[] = [];
  for (const entry of entries) await walk(entry!, '', out);
  return out;
}

/** The files grouped by folder, folders in path order. */
export function folders(files: readonly GivenFile[]): Folder[] {
  const byPath = new Map<string, Folder>();
  for (const { path, file } of files) {
    const cut = path.lastIndexOf('/');
    const dir = cut < 0 ? '' : path.slice(0, cut);
    const folder = byPath.get(dir) ?? { path: dir, files: new Map<string, File>() };
    folder.files.set(path.slice(cut + 1), file);
    byPath.set(dir, folder);
  }
  return [...byPath.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
