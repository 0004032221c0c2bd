import { useEffect, useRef } from 'react';
import { Toast, ToastTitle, Toaster, useToastController } from '@fluentui/react-toast';
import { useId } from '@fluentui/react-utilities';

export interface Notice {
  id: number;
  text: string;
  intent: 'success' | 'error';
}

/** Short confirmations ("Je profiel is opgeslagen."), announced politely; loaded with the first one. */
export default function Toasts({ notices }: { notices: readonly Notice[] }) {
  const toasterId = useId('toaster');
  const { dispatchToast } = useToastController(toasterId);
  const shown = useRef(new Set<number>());
  useEffect(() => {
    for (const n of notices) {
      if (shown.current.has(n.id)) continue;
      shown.current.add(n.id);
      dispatchToast(
        <Toast>
          <ToastTitle>{n.text}</ToastTitle>
        </Toast>,
        { intent: n.intent, politeness: 'polite' },
      );
    }
  }, [notices, dispatchToast]);
  return <Toaster toasterId={toasterId} position="bottom" />;
}
