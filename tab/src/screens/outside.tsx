import { Button } from '@fluentui/react-button';
import { Text } from '@fluentui/react-text';
import { makeStyles } from '@griffel/react';
import { tokens } from '@fluentui/react-theme';
import { OpenRegular } from '@fluentui/react-icons';
import { useWords } from '../i18n.js';
import { Screen } from './layout.js';

const useStyles = makeStyles({
  steps: { margin: 0, paddingLeft: tokens.spacingHorizontalXL, display: 'grid', gap: tokens.spacingVerticalS },
});

/** Production, opened in a plain browser: Ids signs people in through Teams, so say how to get there. */
export function OutsideTeams({ teamsAppId }: { teamsAppId: string | null }) {
  const styles = useStyles();
  const { t } = useWords();
  return (
    <Screen title={t('tab.outside.title')}>
      <Text>{t('tab.outside.body')}</Text>
      <ol className={styles.steps}>
        <li>{t('tab.outside.step1')}</li>
        <li>{t('tab.outside.step2')}</li>
        <li>{t('tab.outside.step3')}</li>
      </ol>
      {teamsAppId && (
        <div>
          <Button
            as="a"
            appearance="primary"
            size="large"
            icon={<OpenRegular />}
            href={`https://teams.microsoft.com/l/entity/${encodeURIComponent(teamsAppId)}/home`}
          >
            {t('tab.outside.open')}
          </Button>
        </div>
      )}
    </Screen>
  );
}
