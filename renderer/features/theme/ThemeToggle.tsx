import { useAppDispatch, useAppSelector } from '../../app/hooks';
import { themeToggled } from './themeSlice';

export function ThemeToggle() {
  const theme = useAppSelector((s) => s.theme.theme);
  const dispatch = useAppDispatch();
  const next = theme === 'dark' ? 'light' : 'dark';
  return (
    <button
      type="button"
      className="icon-button"
      onClick={() => dispatch(themeToggled())}
      aria-label={`Switch to ${next} theme`}
      title={`Switch to ${next} theme (Ctrl+Shift+L)`}
    >
      <span aria-hidden="true">{theme === 'dark' ? '☀' : '☾'}</span>
    </button>
  );
}
