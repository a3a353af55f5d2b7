/**
 * One schedule's fields, made from the schedule registry's field descriptors
 * (core/optim/schedules): the same list validates the project file, so the inspector offers
 * exactly what the file accepts, with PyTorch's names and defaults.
 */
import { getSchedule, type ScheduleConfig, type ScheduleField } from '../../core/optim/schedules/index';
import { TextField } from '../inspector/TextField';
import { NumberField } from './NumberField';
import { SelectField } from './SelectField';
import { parseNumberList } from './DataTransformSettings';

interface Props {
  cfg: ScheduleConfig;
  onChange(cfg: ScheduleConfig, key: string, session?: number): void;
}

function Field({ f, cfg, onChange }: { f: ScheduleField } & Props) {
  const set = (v: unknown, session?: number) => onChange({ ...cfg, [f.name]: v }, f.name, session);
  const v = cfg[f.name];
  switch (f.kind) {
    case 'number':
      return <NumberField label={f.name} min={f.min} max={f.max} value={v as number} hint={f.help} onChange={set} />;
    case 'int':
      return <NumberField label={f.name} integer min={f.min} value={v as number} hint={f.help} onChange={set} />;
    case 'autoInt':
      return (
        <TextField
          label={`${f.name} (empty = whole run)`}
          value={v === null || v === undefined ? '' : String(v)}
          onChange={(t, s) => {
            const n = Number(t);
            if (!t.trim()) set(null, s);
            else if (Number.isInteger(n) && n >= f.min) set(n, s);
          }}
        />
      );
    case 'ints':
      return (
        <TextField
          label={f.name}
          value={((v as number[]) ?? []).join(', ')}
          onChange={(t, s) => {
            const list = parseNumberList(t);
            if (list && list.every((x) => Number.isInteger(x) && x >= 0)) set(list, s);
          }}
        />
      );
    case 'enum':
      return <SelectField label={f.name} value={String(v)} options={f.options} onChange={(x) => set(x)} />;
    case 'bool':
      return (
        <label className="wg-field wg-field--check">
          <input type="checkbox" checked={v === true} onChange={(e) => set(e.target.checked)} />
          <span className="wg-field__name">{f.name}</span>
        </label>
      );
  }
}

export function ScheduleFields({ cfg, onChange }: Props) {
  const def = getSchedule(cfg.type);
  return (
    <>
      <p className="wg-field__doc">{def.summary}</p>
      <div className="wg-grid2">
        {def.needsMetric ? null : <SelectField label="Step the schedule every" value={cfg.interval ?? def.defaultInterval} options={['epoch', 'step']} onChange={(x) => onChange({ ...cfg, interval: x as 'epoch' | 'step' }, 'interval')} />}
        {def.fields.map((f) => (
          <Field key={f.name} f={f} cfg={cfg} onChange={onChange} />
        ))}
      </div>
    </>
  );
}
