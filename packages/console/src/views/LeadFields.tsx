import { useText } from '../i18n/ConsoleLocaleProvider.js';

/** A lead's answers to the widget's fields, as a description list (`—` without any). */
export function LeadFields({ fields }: { fields: Readonly<Record<string, string>> }) {
  const { m } = useText();
  const entries = Object.entries(fields);
  if (entries.length === 0) return <span>{m.none}</span>;
  return (
    <dl className="pairs">
      {entries.map(([key, value]) => (
        <div key={key}>
          <dt>{key}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}
