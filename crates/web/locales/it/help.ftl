# Pagine di aiuto, nell'applicazione.
help-title = Aiuto
help-nav = Aiuto
help-other-topics = Altre pagine di aiuto
help-link = Come funziona?

help-matching-title = Come l'abbinamento propone i posti
help-matching-intro = Per un'intera annualità, filiera propone quali componenti dei nuclei ricevono quali posti nei servizi (posti nei corsi, tirocini, sostegni), la soluzione migliore per tutti insieme, e per ciascuno dice perché. Tu la controlli, togli la spunta a ciò che non vuoi e accetti.
help-matching-what = Che cosa entra nel calcolo
help-matching-what-1 = Le persone: i componenti con bisogni di intervento, gli interessi indicati nella scheda di accesso e valutazione, i punteggi per area, l'autonomia negli spostamenti, dove abitano, le lingue che seguono, quando sono libere e da quanto aspettano.
help-matching-what-2 = I posti: i posti di ogni servizio per l'annualità, di che cosa tratta, quali aree migliora, dove e quando si svolge, in quale lingua, e chi può accedervi secondo le regole di ammissibilità del programma.
help-matching-never = Che cosa non viene mai violato
help-matching-never-1 = Una persona riceve solo posti per cui è ammissibile, in una lingua che parla, in orari in cui è libera; un posto non riceve mai più persone dei posti disponibili; una persona non supera mai il numero massimo di interventi e non riceve due posti dello stesso servizio nella stessa annualità.
help-matching-never-2 = Due servizi diversi dati alla stessa persona possono però sovrapporsi negli orari: la pagina del progetto segnala queste sovrapposizioni.
help-matching-cost = Perché questo posto: il costo
help-matching-cost-1 = Tra tutte le proposte che rispettano queste regole, filiera sceglie quella con il costo totale più basso. Ogni riga mostra il suo costo diviso in parti con un nome; i numeri negativi sono vantaggi. Un bisogno lasciato senza posto costa 10.000 punti.
help-matching-cost-interest = Interessi (300 di base): la quota degli argomenti del posto che non interessano alla persona. Un posto del tutto fuori dai suoi interessi costa 300; uno del tutto dentro non costa nulla.
help-matching-cost-gap = Divario di occupabilità (200 di base): un vantaggio per i posti che migliorano le aree in cui la persona ha un punteggio basso. Un corso di italiano per chi ha 2 su 10 in italiano vale −160.
help-matching-cost-travel = Spostamenti (240 l'ora di base): il tempo di viaggio, pesato su quanto spostarsi è difficile per la persona. Un'ora costa 240 per chi non ha autonomia negli spostamenti e 21 per chi è del tutto autonomo.
help-matching-cost-waiting = Attesa (5 a settimana di base): un vantaggio per ogni settimana di attesa, così tra due persone per il resto uguali ottiene il posto chi aspetta da più tempo.
help-matching-cost-fairness = Equità tra cooperative (2 di base): ogni posto in più presso la stessa cooperativa costa un po' di più, per distribuire il lavoro quando costa poco alle persone.
help-matching-weights = Cambiare i pesi
help-matching-weights-1 = I responsabili del programma possono cambiare quanto conta ogni parte, da 0 a 1.000.000 di punti, nella pagina della proposta ("Pesi del costo"); salvando la proposta viene ricalcolata e il registro di controllo conserva i pesi vecchi e nuovi. "Torna ai valori di base" li ripristina.

help-allocation-title = Come si assegna il lavoro della settimana
help-allocation-intro = Per una commessa, filiera propone chi svolge quali lavorazioni graduate questa settimana, dando un po' di lavoro a ogni utente disponibile prima di darne di più a qualcuno. Il responsabile di produzione la controlla persona per persona, modifica le unità e accetta.
help-allocation-what = Come decide
help-allocation-what-1 = Il lavoro va alle persone il cui livello è almeno quello della lavorazione. Una persona può anche salire di un livello sopra il suo, per una quota limitata delle sue ore (10% di base), per imparare. Per ogni utente del laboratorio la prima ora di lavoro conta di più, così il lavoro viene distribuito prima di essere accumulato. Il lavoro in scadenza questa settimana è l'ultimo a restare fuori.
help-allocation-unassigned = Perché una parte del lavoro resta non assegnata
help-allocation-unassigned-1 = Il riepilogo in cima all'assegnazione dice quanto lavoro è rimasto non assegnato e perché. I motivi sono tre:
help-allocation-unassigned-capacity = Capacità: chi potrebbe svolgere la lavorazione ha già tutte le ore per cui è disponibile questa settimana.
help-allocation-unassigned-grade = Livello: la lavorazione richiede un livello più alto di quello di chiunque sia disponibile, anche salendo di un livello.
help-allocation-unassigned-hours = Ore: un'unità della lavorazione richiede più tempo di quello che resta a ciascuno, e non si può dividere tra più persone.
help-allocation-edit = Modificare l'assegnazione
help-allocation-edit-1 = Puoi cambiare le unità di ogni riga. Ogni modifica è controllata con le stesse regole; una modifica che ne viola una viene rifiutata indicando il nome della persona, la lavorazione e che cosa non va, e nulla viene salvato. Accettando, la settimana è fissata: le ore vanno nel registro e i laboratori di tipo A ricevono il loro trasferimento interno nella contabilità.

help-thirty-percent-title = La regola del 30% e la Tabella A
help-thirty-percent-intro = Le cooperative sociali di tipo B e miste devono occupare lavoratori svantaggiati per almeno il 30% dei lavoratori ordinari (L. 381/1991, art. 4). filiera mostra due cifre diverse; questa pagina spiega quale è quale.
help-thirty-rule = La regola del 30% (il rispetto dell'obbligo)
help-thirty-rule-1 = Si contano le persone, non le ore, tra i lavoratori con contratto in essere. Gli svantaggiati devono essere almeno il 30% dei lavoratori ordinari, cioè dei lavoratori non svantaggiati. Nelle cooperative miste conta solo il personale dell'attività di tipo B. I mesi si contano all'ultimo giorno e decide la media annua. Le cooperative di tipo A non sono soggette alla regola.
help-thirty-rule-2 = Una cooperativa con 10 lavoratori ordinari ha quindi bisogno di almeno 3 lavoratori svantaggiati: il suo rapporto è 3 / 10 = 30%, mostrato nella pagina del consorzio come "Regola 30%", con un avviso quando una socia è sotto o si prevede che scenda sotto.
help-thirty-table-a = La Tabella A (la quota semplice)
help-thirty-table-a-1 = La Tabella A, la relazione annuale del consorzio, mostra la quota semplice: lavoratori svantaggiati su tutti i lavoratori. La stessa cooperativa con 3 svantaggiati e 10 ordinari vi risulta al 3 / 13 = 23%. Le due cifre misurano cose diverse e sono entrambe giuste; il rispetto dell'obbligo è deciso sempre dalla regola del 30%.
