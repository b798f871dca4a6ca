/** "Are you sure?" in place: a line saying what will happen, the action (focused) and a way back. */
export function ConfirmBar({ question, children, action, onConfirm, onCancel }: { question: string; children: React.ReactNode; action: string; onConfirm: () => void; onCancel: () => void }) {
  return (
    <div className="notice notice--error" role="alertdialog" aria-label={question}>
      <span>{children}</span>
      <button type="button" className="button button--small button--danger" autoFocus onClick={onConfirm}>
        {action}
      </button>
      <button type="button" className="button button--small" onClick={onCancel}>
        Keep
      </button>
    </div>
  );
}
