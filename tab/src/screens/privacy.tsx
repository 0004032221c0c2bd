import { useState } from 'react';
import { Button } from '@fluentui/react-button';
import { Text } from '@fluentui/react-text';
import { makeStyles } from '@griffel/react';
import { tokens } from '@fluentui/react-theme';
import { ArrowDownloadRegular } from '@fluentui/react-icons';
import { useWords } from '../i18n.js';
import { useApp } from '../app-context.js';
import { ErrorNotice, Loading, useLoad } from '../components/states.js';
import { saveFile } from '../components/download.js';
import { Screen } from './layout.js';

const useStyles = makeStyles({
  section: { display: 'grid', gap: tokens.spacingVerticalXS, maxWidth: '640px' },
  h2: { margin: 0, fontSize: tokens.fontSizeBase500, lineHeight: tokens.lineHeightBase500 },
});

const PARTS = ['what', 'why', 'howLong', 'who', 'rights'] as const;

/** What Ids keeps about the person, why, for how long and who sees what; and their data to download. */
export function Privacy() {
  const styles = useStyles();
  const { t } = useWords();
  const { api, back, notify } = useApp();
  const facts = useLoad(() => api.privacy(), 'privacy');
  return (
    <Screen title={t('tab.privacy.title')} onBack={() => back({ view: 'profile' })}>
      <Text>{t('tab.privacy.intro')}</Text>
      {facts.state === 'loading' && <Loading rows={2} />}
      {facts.state === 'error' && <ErrorNotice error={facts.error} retry={facts.reload} />}
      {facts.state === 'ok' &&
        PARTS.map((part) => (
          <section key={part} className={styles.section} aria-labelledby={`privacy-${part}`}>
            <h2 id={`privacy-${part}`} className={styles.h2}>
              {t(`tab.privacy.${part}.title`)}
            </h2>
            <Text>
              {part === 'howLong'
                ? t('tab.privacy.howLong.body', { days: facts.data.retentionDays })
                : part === 'who'
                  ? t('tab.privacy.who.body', { min: facts.data.minGroup })
                  : t(`tab.privacy.${part}.body`)}
            </Text>
          </section>
        ))}
      <ExportButton onDone={() => notify(t('tab.privacy.exported'))} api={api} />
    </Screen>
  );
}

/** "Download mijn gegevens": the zip of everything Ids holds about the person. */
export function ExportButton({ api, onDone }: { api: ReturnType<typeof useApp>['api']; onDone(): void }) {
  const { t } = useWords();
  const [state, setState] = useState<{ busy: boolean; error?: unknown }>({ busy: false });
  async function download() {
    setState({ busy: true });
    try {
      const { blob, fileName } = await api.download('/me/export');
      saveFile(blob, fileName);
      setState({ busy: false });
      onDone();
    } catch (error) {
      setState({ busy: false, error });
    }
  }
  return (
    <div style={{ display: 'grid', gap: 8, justifyItems: 'start' }}>
      <Button size="large" icon={<ArrowDownloadRegular />} onClick={download} disabled={state.busy}>
        {t('tab.privacy.export')}
      </Button>
      {state.error !== undefined && <ErrorNotice error={state.error} />}
    </div>
  );
}
