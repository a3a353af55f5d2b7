/** App shell: start screen or the editor (top bar, palette, canvas, inspector, dock, status bar). */
import { useEffect } from 'react';
import { ReactFlowProvider } from '@xyflow/react';
import { useStore } from '../store/createStore';
import { uiStore } from '../store/uiStore';
import { editorStore } from '../store/editorStore';
import { isDirty } from '../store/editor';
import { TopBar } from './TopBar';
import { StatusBar } from './StatusBar';
import { Toasts } from './Toasts';
import { PathDialog } from './PathDialog';
import { MakeBlockDialog } from '../blocks/MakeBlockDialog';
import { isTextField, useShortcuts } from './useShortcuts';
import type { MenuCommand } from '../../core/api/contract';
import { projectTitle } from '../../core/graph/title';
import { Palette } from '../palette/Palette';
import { Canvas } from '../canvas/Canvas';
import { Breadcrumb } from '../blocks/Breadcrumb';
import { Inspector } from '../inspector/Inspector';
import { Dock } from '../dock/Dock';
import { StartScreen } from '../start/StartScreen';
import { getApi } from '../api';
import { runActionFrom } from '../actions/bindings';
import { CheatSheet } from './CheatSheet';

const TEXT_EDIT_COMMANDS: Partial<Record<MenuCommand, string>> = { undo: 'undo', redo: 'redo', selectAll: 'selectAll', delete: 'delete' };

export function App() {
  const screen = useStore(uiStore, (s) => s.screen);
  const name = useStore(editorStore, (s) => projectTitle(s.doc.name, s.filePath));
  const dirty = useStore(editorStore, isDirty);
  useShortcuts(screen === 'editor');

  // The window title carries the unsaved mark too, as native editors do.
  useEffect(() => {
    document.title = `${dirty ? '● ' : ''}${name} — Wiregrad`;
  }, [name, dirty]);

  // Native menu (Electron) drives the same actions as the keyboard.
  useEffect(() => {
    const unsubscribe = getApi()?.onMenuCommand((c) => {
      // The native Edit menu acts on the text being typed when a field has focus, as in every editor.
      const editing = TEXT_EDIT_COMMANDS[c];
      if (editing && isTextField(document.activeElement)) document.execCommand(editing);
      else runActionFrom('menu', c);
    });
    return () => unsubscribe?.();
  }, []);

  return (
    <div className="wg-app">
      {screen === 'start' ? (
        <StartScreen />
      ) : (
        <ReactFlowProvider>
          <TopBar />
          <div className="wg-main">
            <Palette />
            <div className="wg-center">
              <Breadcrumb />
              <Canvas />
              <Dock />
            </div>
            <Inspector />
          </div>
          <StatusBar />
        </ReactFlowProvider>
      )}
      <PathDialog />
      <MakeBlockDialog />
      <CheatSheet />
      <Toasts />
    </div>
  );
}
