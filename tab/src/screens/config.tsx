import { useEffect, useRef, useState } from 'react';
import { Dropdown, Option, OptionGroup } from '@fluentui/react-combobox';
import { Field } from '@fluentui/react-field';
import { Text } from '@fluentui/react-text';
import { makeStyles } from '@griffel/react';
import { tokens } from '@fluentui/react-theme';
import { useWords } from '../i18n.js';
import { useApp } from '../app-context.js';
import { ErrorNotice, Loading, useLoad } from '../components/states.js';
import { configureChannelTab, setConfigValid, type TabConfig } from '../teams-config.js';
import { Screen } from './layout.js';

const useStyles = makeStyles({ body: { display: 'grid', gap: tokens.spacingVerticalM, maxWidth: '480px' } });

/**
 * The channel (or group chat) tab's configuration page: a team owner picks a department's news or
 * a group's posts; Teams' Save stores a tab that opens that feed.
 */
export default function Config() {
  const styles = useStyles();
  const { t } = useWords();
  const { api, host } = useApp();
  const choices = useLoad(
    () =>
      Promise.all([api.departments(), api.groups()]).then(([d, g]) => ({
        departments: d.departments,
        groups: g.groups,
      })),
    'config',
  );
  const [value, setValue] = useState('');
  const chosen = useRef<TabConfig>(undefined);
  const name =
    choices.data?.departments.find((d) => `department:${d.id}` === value)?.name ??
    choices.data?.groups.find((g) => `group:${g.id}` === value)?.name;

  useEffect(() => {
    if (host.inTeams) configureChannelTab(() => chosen.current);
  }, [host]);

  useEffect(() => {
    const [kind, id] = value.split(':');
    chosen.current =
      name && id
        ? {
            entityId: `ids-${kind}-${id}`,
            contentUrl: `${location.origin}/tab?view=channel&feed=${kind}:${id}&locale={locale}&theme={theme}`,
            suggestedDisplayName: `Ids: ${name}`,
          }
        : undefined;
    if (host.inTeams) setConfigValid(!!chosen.current);
  }, [value, name, host]);

  return (
    <Screen title={t('config.title')}>
      <div className={styles.body}>
        <Text>{t('config.body')}</Text>
        {choices.state === 'loading' && <Loading rows={1} />}
        {choices.state === 'error' && <ErrorNotice error={choices.error} retry={choices.reload} />}
        {choices.data && (
          <Field label={t('config.feed')}>
            <Dropdown
              placeholder={t('config.choose')}
              value={name ?? ''}
              selectedOptions={value ? [value] : []}
              onOptionSelect={(_, d) => setValue(d.optionValue ?? '')}
            >
              <OptionGroup label={t('config.kind.department')}>
                {choices.data.departments.map((d) => (
                  <Option key={d.id} value={`department:${d.id}`}>
                    {d.name}
                  </Option>
                ))}
              </OptionGroup>
              <OptionGroup label={t('config.kind.group')}>
                {choices.data.groups
                  .filter((g) => g.visibility === 'open')
                  .map((g) => (
                    <Option key={g.id} value={`group:${g.id}`}>
                      {g.name}
                    </Option>
                  ))}
              </OptionGroup>
            </Dropdown>
          </Field>
        )}
        {name && <Text role="status">{t('config.chosen', { name })}</Text>}
      </div>
    </Screen>
  );
}
