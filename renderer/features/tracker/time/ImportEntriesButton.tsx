/** "Import CSV…": a file of time entries (Meshwork's export, Toggl's, or the same columns) goes to main, all or nothing. */
import { useRef } from 'react';
import { MAX_IMPORT_BYTES } from '../../../../common/tracker/trackerContract';
import type { ImportResult } from '../../../../common/tracker/views';
import { useAppDispatch } from '../../../app/hooks';
import { noticeShown, trackerCall } from '../trackerSlice';


function summary(fileName: string, r: ImportResult): string {
  const made = [
    [r.projects, 'project'],
    [r.tasks, 'task'],
    [r.members, 'member'],
  ]
    .filter(([n]) => n)
    .map(([n, what]) => `${n} ${what}${n === 1 ? '' : 's'}`);
  return `Imported ${r.entries} ${r.entries === 1 ? 'entry' : 'entries'} from ${fileName}${made.length ? ` (new: ${made.join(', ')})` : ''}${r.skipped ? `; ${r.skipped} of no length skipped` : ''}.`;
}

export function ImportEntriesButton() {
  const dispatch = useAppDispatch();
  const input = useRef<HTMLInputElement>(null);
  const chosen = async (file: File) => {
    const refuse = (why: string) => dispatch(noticeShown({ kind: 'error', message: `${file.name} ${why}.` }));
    if (file.size === 0) return refuse('is empty');
    const text = file.size <= MAX_IMPORT_BYTES ? await file.text() : null;
    // What crosses to main is the text quoted as JSON.
    if (text === null || new TextEncoder().encode(JSON.stringify(text)).length > MAX_IMPORT_BYTES) {
      return refuse(`is larger than ${MAX_IMPORT_BYTES / 1024 / 1024} MB: export a shorter period and import the parts`);
    }
    const result = await dispatch(trackerCall((api) => api.tracker.importEntries(text)));
    if (result.meta.requestStatus === 'fulfilled') dispatch(noticeShown({ kind: 'info', message: summary(file.name, result.payload as ImportResult) }));
  };
  return (
    <>
      <button type="button" className="button" onClick={() => input.current?.click()} title="Meshwork's CSV export, Toggl Track's detailed export, or a CSV with the same columns">
        Import CSV…
      </button>
      <input
        ref={input}
        type="file"
        accept=".csv,text/csv"
        className="visually-hidden"
        tabIndex={-1}
        aria-label="CSV file of time entries to import"
        onChange={(e) => {
          const file = e.target.files?.[0];
          e.target.value = '';
          if (file) void chosen(file);
        }}
      />
    </>
  );
}
