# Domande poste prima di un'azione che non si può annullare.
path-move-confirm = Portare il percorso a "{ $state }"? Il percorso si chiude e non si può riaprire; il motivo resta nella sua storia.
closure-confirm = Chiudere il progetto? I suoi interventi non potranno più cambiare e la chiusura è definitiva; restano aperti i follow-up a 6 e 12 mesi.
allocation-accept-confirm = Accettare l'assegnazione? Il lavoro della settimana resta fissato come mostrato, le ore vanno nel registro e l'assegnazione non potrà più cambiare.
matching-accept-confirm = Accettare le righe tenute? Ognuna diventa un intervento pianificato nel progetto della persona; le righe senza spunta vengono scartate.
