# Messaggi di validazione: il dominio indica il messaggio con una chiave
# (`msg!("error-required")`); pagine e API lo scrivono da qui.

error-activity-in-future = non si può registrare un'attività nel futuro
error-allocation-accepted = questa assegnazione è già accettata e non può cambiare
error-allocation-capacity = alla persona { $person } sono assegnati { $used } secondi di lavoro ma ne ha { $capacity }
error-allocation-grade = il compito { $task } supera il grado della persona { $person } (o non è nella sua sede)
error-allocation-over = al compito { $task } sono assegnate { $given } unità ma ne ha { $units }
error-allocation-stretch = alla persona { $person } sono assegnati { $used } secondi di lavoro impegnativo ma ne può avere { $allowed }
error-allocation-units = le unità del compito { $task } assegnate alla persona { $person } devono essere positive
error-allocation-unknown-person = la persona { $person } non è disponibile questa settimana
error-allocation-unknown-task = il compito { $task } non è tra i compiti di questa settimana
error-already-hired = l'utente è già stato assunto il { $hired }
error-already-imported = “{ $value }” è già stato importato in questo programma
error-already-waiting = questa persona è già in lista d'attesa
error-amount-out-of-range = deve essere un importo tra -{ $max } e { $max }
error-amounts-negative = gli importi non possono essere negativi
error-answer-required = scrivi la risposta data
error-assessment-in-future = la data della valutazione non può essere nel futuro
error-at-least-one = deve essere almeno 1
error-autonomy-level = il livello di autonomia deve essere tra 1 e 5, non { $level }
error-basis-points = deve essere tra 0 e 10000 (100%)
error-before-contract-start = non può essere precedente all'inizio del contratto
error-before-joined = non può essere precedente alla data di adesione
error-before-workshop-entry = è precedente all'ingresso dell'utente nel laboratorio ({ $entered })
error-belongs-to-other-programme = { $what ->
    [round] il turno appartiene
    [service] il servizio appartiene
    [funding_stream] la linea di finanziamento appartiene
   *[other] { $what } appartiene
  } a un altro programma
error-between = deve essere tra { $min } e { $max }
error-birth-date = la data di nascita deve essere nel passato ed entro 120 anni
error-birth-year = l'anno di nascita deve essere tra il 1900 e il { $last }
error-cannot-remove-self = non puoi rimuovere te stesso; chiedi a un altro amministratore dell'organizzazione
error-capacity-full = tutti i { $capacity } posti di questo servizio in questo turno sono occupati; la persona può entrare in lista d'attesa
error-capacity-negative = la capienza non può essere negativa
error-capacity-per-round = indica una capienza per ogni turno
error-case-list-sort = deve essere reference, name, stage o next_due, con un - davanti per l'ordine decrescente
error-case-list-stage = deve essere uno tra referred, first_interview, second_interview, project_active
error-category-only-disadvantaged = solo i lavoratori svantaggiati hanno una categoria
error-category-required = un lavoratore svantaggiato richiede una categoria
error-choose-agency = scegli l'ente responsabile
error-choose-consortium = scegli un consorzio dall'elenco
error-choose-cooperatives = scegli le cooperative dall'elenco
error-choose-firm = scegli un'impresa dall'elenco
error-choose-follow-up-status = scegli la condizione al follow-up
error-choose-from-list = scegli dall'elenco
error-choose-incubator = scegli la cooperativa che ha incubato questa
error-choose-member-cooperative = scegli una cooperativa associata
error-choose-months = scegli 6 o 12 mesi
error-choose-outcome = scegli l'esito del progetto
error-choose-person = scegli una persona dall'elenco
error-choose-programme-agency = scegli l'ente pubblico titolare del programma
error-choose-report-cooperative = scegli la cooperativa a cui si riferisce la relazione
error-choose-round = scegli un turno
error-choose-service-kind = scegli il tipo di servizio
error-choose-shortlisted-person = scegli una persona dalla rosa dei candidati
error-choose-type-b-cooperative = scegli la cooperativa di tipo B
error-choose-user = scegli un utente
error-choose-worker = scegli un lavoratore
error-claim-already-paid = questa richiesta di rimborso è già pagata
error-claim-beyond-budget = la richiesta di { $asked } su “{ $stream }” supera il budget residuo di { $remaining }
error-claim-not-eligible = “{ $stream }” non può finanziare il partecipante { $participant }: la regola di ammissibilità della linea non lo ammette
error-claim-not-positive = una richiesta di rimborso deve essere per un importo positivo
error-claim-paid-before-made = una richiesta di rimborso non può essere pagata prima di essere presentata
error-closing-in-future = la data di chiusura non può essere nel futuro
error-closure-first = registra prima la chiusura
error-comparison-code-taken = questo codice è già nel gruppo di confronto del programma
error-condition-attribute = scegli a cosa si riferisce la condizione
error-condition-operator = “{ $operator }” non si può usare con “{ $attribute }”
error-condition-value = scrivi il valore con cui confrontare
error-consortium-kind-locked = un consorzio con cooperative associate non può cambiare tipo
error-control-character = non può contenere il carattere di controllo { $code }
error-cooperative-not-delivering = la cooperativa non attua questo programma
error-cooperative-not-member = la cooperativa { $cooperative } non è associata a questo consorzio
error-cooperative-type-required = una cooperativa sociale deve essere di tipo A, di tipo B o mista
error-country-code = usa un codice paese di due lettere (ISO 3166-1), ad es. IT, MA, RO
error-course-justification = questo corso non corrisponde a nessuno degli interessi dichiarati dalla persona: spiega perché viene proposto (almeno 10 caratteri)
error-csv-activity = “{ $value }” non è un'attività di una cooperativa di tipo { $kind }
error-csv-code-twice = “{ $value }” compare due volte per questa cooperativa
error-csv-empty = il file è vuoto; la sua intestazione è { $header }
error-csv-field-count = ha { $found } campi ma l'intestazione ne ha { $expected }
error-csv-hours-twice = le ore di “{ $worker }” per { $month } compaiono due volte
error-csv-listed-twice = “{ $value }” compare due volte
error-csv-malformed = il file non si legge come CSV: { $detail }
error-csv-missing-file = il file manca nella cartella
error-csv-unclosed-quote = un campo tra virgolette non viene mai chiuso
error-csv-unknown-column = colonna sconosciuta
error-csv-unknown-cooperative = “{ $value }” non è in cooperatives.csv
error-csv-unknown-participant = “{ $value }” non è in participants.csv
error-csv-unknown-service = “{ $value }” non è un codice di services.csv
error-csv-unknown-worker = “{ $worker }” non è un lavoratore di “{ $cooperative }” in workers.csv
error-date-in-future = la data è nel futuro
error-date-out-of-range = deve essere una data tra il { $first } e il { $last }
error-email = non è un indirizzo e-mail
error-email-taken = esiste già un utente con questa e-mail
error-focus-not-member = la persona di riferimento deve far parte del nucleo familiare
error-follow-up-months = i follow-up si fanno a 6 o a 12 mesi
error-follow-up-not-due = il follow-up a { $months } mesi è previsto il { $due }, non prima
error-follow-up-recorded = questo follow-up è già stato registrato
error-four-digit-year = scrivi l'anno con quattro cifre
error-fund-grant-shape = un contributo del fondo sposta denaro dal fondo di solidarietà a una cooperativa
error-fund-per-hour-range = deve essere tra € 0,00 e { $max }
error-funding-stream-name-taken = il programma ha già una linea di finanziamento con questo nome
error-gender = “{ $value }”: scrivi M o F
error-give-date = indica una data
error-grade = il grado va da 1 (il più semplice, guidato) a 5 (qualificato), non { $grade }
error-handover-note = scrivi una nota di passaggio per il collega che subentra (almeno 20 caratteri): a che punto è il progetto, cosa resta da fare
error-hours-out-of-range = deve essere tra 0 e { $max } ore
error-hours-over-month = sono più ore di quante ne abbia un mese
error-hours-over-this-month = sono più ore di quante ne abbia { $month } ({ $most })
error-household-agency-locked = l'ente del nucleo non si può cambiare qui
error-household-size = “{ $value }” non è un'ampiezza del nucleo (un numero intero da 1 in su)
error-hsds-service-array = era atteso un elenco di oggetti servizio HSDS
error-hsds-service-object = era atteso un oggetto servizio HSDS
error-human-scale-limit = deve essere tra 1 e { $max } soci
error-import-birth-year = { $year } non è un anno di nascita tra il 1900 e l'inizio del turno ({ $latest })
error-import-missing-reference = la riga si riferisce a un partecipante o a un servizio mancante
error-import-new-programme = non esiste ancora un programma “{ $name }”: indica l'ente che ne è titolare (--agency)
error-in-past = non può essere nel passato
error-incubates-itself = una cooperativa non può incubare se stessa
error-intervention-ends-before-start = l'intervento deve terminare il giorno d'inizio o dopo
error-intervention-not-member = l'intervento deve riguardare un componente del nucleo del progetto
error-intervention-status-move = un intervento { $from ->
    [planned] pianificato
    [active] attivo
    [completed] completato
    [interrupted] interrotto
    [cancelled] annullato
   *[other] { $from }
  } non può diventare { $to ->
    [planned] pianificato
    [active] attivo
    [completed] completato
    [interrupted] interrotto
    [cancelled] annullato
   *[other] { $to }
  }
error-intervention-status-reason = indica perché l'intervento è { $to ->
    [planned] pianificato
    [active] attivo
    [completed] completato
    [interrupted] interrotto
    [cancelled] annullato
   *[other] { $to }
  }
error-isced-level = il livello ISCED { $level } non esiste; usa da 0 a 8
error-isco08-digits = un codice professione ISCO-08 ha quattro cifre, ad es. 8344 per i carrellisti
error-isco08-group = { $code } non è un codice ISCO-08: nessun gruppo professionale inizia con { $group }
error-keep-one-assignment = mantieni almeno un incarico
error-kept-without-project = una persona confermata non ha un progetto attivo in questo programma e turno
error-makes-cycle = crea un ciclo
error-malformed = non si riesce a leggere: { $detail }
error-member-already-left = il socio è già uscito il { $left }
error-member-elsewhere = è associata a un altro consorzio
error-minutes-out-of-range = deve essere tra 0 e { $max } minuti
error-missing-column = questa colonna manca nella riga d'intestazione
error-movement-two-accounts = un movimento deve coinvolgere almeno due conti diversi
error-movement-two-postings = un movimento sposta denaro tra almeno due conti
error-movement-unbalanced = il movimento non è in pareggio: le registrazioni sommano a { $total } invece che a zero
error-must-be-consortium = deve essere un consorzio registrato
error-must-be-firm = deve essere un'impresa registrata nell'anagrafe
error-must-be-member = deve essere una cooperativa associata
error-must-be-public-agency = deve essere un ente pubblico registrato
error-must-be-type-b = deve essere una cooperativa di tipo B o mista
error-must-deliver-programme = deve essere l'ente del programma o una delle cooperative che lo attuano
error-national-dataset-present = questo database contiene già il dataset nazionale (programma “{ $programme }”); generalo in un database vuoto
error-negative = non può essere negativo
error-negative-budget = “{ $value }” è negativo; un budget o un costo è zero o più
error-no-round = il programma non ha il turno { $round }
error-no-such = { $what ->
    [round] turno inesistente
    [service] servizio inesistente
    [funding_stream] linea di finanziamento inesistente
   *[other] { $what } inesistente
  }
error-no-such-service = servizio inesistente
error-not-a-cooperative = l'organizzazione { $organisation } non è una cooperativa registrata
error-not-a-country = “{ $value }” non è un codice paese di due lettere (ISO 3166-1), ad es. IT, MA, RO
error-not-a-date = “{ $text }” non è una data nella forma AAAA-MM-GG
error-not-a-firm = “{ $name }” non è un'impresa registrata
error-not-a-month = “{ $value }” non è un mese nella forma AAAA-MM
error-not-a-percentage = “{ $value }” non è una percentuale tra 0 e 100
error-not-a-quarter = “{ $value }” non è un trimestre: scrivilo come 2021-Q2
error-not-a-round = “{ $value }” non è un numero di turno (1, 2, …)
error-not-a-step = non è un passaggio di questo ordine
error-not-a-worker = non è un lavoratore di questa cooperativa
error-not-a-year = “{ $value }” non è un anno
error-not-an-amount = “{ $value }” non è un importo in euro come 1.234,50 o 12,50
error-not-hours = “{ $value }” non è un numero di ore come 37,5
error-not-household-member = non fa parte di questo nucleo familiare
error-not-in-cooperatives-file = non è in cooperatives.csv
error-not-in-workers-file = non è in workers.csv
error-not-isced = “{ $value }” non è un livello ISCED
error-not-member-cooperative = non è una cooperativa associata a questo consorzio
error-not-minutes = “{ $value }” non è un numero di minuti come 1,5
error-not-on-shortlist = questo percorso non è nella rosa delle persone non selezionate del programma, oppure la persona è già nel gruppo di confronto
error-not-whole-number = “{ $value }” non è un numero intero
error-nul-character = non può contenere il carattere NUL
error-number = deve essere un numero
error-only-381-register = solo le cooperative sociali e i consorzi sono iscritti all'albo della legge 381
error-only-cooperatives-join = solo le cooperative possono associarsi a un consorzio
error-only-cooperatives-typed = solo le cooperative sociali hanno un tipo di cooperativa
error-only-internships = solo i tirocini hanno una professione, un'impresa ospitante e un tutor
error-operator-not-in-programme = questa persona non lavora per l'ente del programma né per le cooperative che lo attuano
error-order-needs-task = un ordine richiede almeno un compito
error-organisation-archived = questa organizzazione è archiviata e non può accogliere nuovi membri
error-organisation-kind = è obbligatorio: ente pubblico, consorzio, cooperativa, impresa o finanziatore
error-organisation-name-taken = un'organizzazione con questo nome è già registrata
error-organisation-not-delivering = “{ $name }” non attua questo programma
error-path-closes-with-project = un percorso si chiude quando il suo progetto è chiuso con la valutazione conclusiva
error-path-ended-by-hire = il percorso dell'utente si è concluso con l'assunzione ({ $hired })
error-path-exists = questa persona ha già un percorso aperto in questo programma
error-path-state-move = un percorso nello stato “{ $from ->
    [referred] segnalato
    [first_interview] primo colloquio
    [second_interview] secondo colloquio
    [project_active] progetto attivo
    [closed] chiuso
    [withdrawn] ritirato
    [interrupted] interrotto
   *[other] { $from }
  }” non può passare a “{ $to ->
    [referred] segnalato
    [first_interview] primo colloquio
    [second_interview] secondo colloquio
    [project_active] progetto attivo
    [closed] chiuso
    [withdrawn] ritirato
    [interrupted] interrotto
   *[other] { $to }
  }”
error-path-state-reason = per portare un percorso a “{ $to ->
    [referred] segnalato
    [first_interview] primo colloquio
    [second_interview] secondo colloquio
    [project_active] progetto attivo
    [closed] chiuso
    [withdrawn] ritirato
    [interrupted] interrotto
   *[other] { $to }
  }” serve una motivazione
error-payment-reference = indica il riferimento del pagamento (bonifico, mandato)
error-per-hour-decreases = l'importo orario non può diminuire al crescere del livello
error-phase-not-task = un passaggio con sotto-passaggi è una fase, non un compito
error-planned-end-before-start = la fine prevista è precedente all'inizio previsto
error-positive = deve essere maggiore di 0
error-possible-duplicate = possibile duplicato: { $name } nel nucleo { $household } (nato/a il { $born }); conferma se si tratta di un'altra persona
error-possible-duplicate-unborn = possibile duplicato: { $name } nel nucleo { $household }; conferma se si tratta di un'altra persona
error-postings-overflow = le registrazioni sommano a più di quanto un importo possa contenere
error-programme-agency-locked = un programma resta all'ente che ne è titolare
error-programme-name-taken = esiste già un programma con questo nome
error-programme-other-agency = il programma appartiene a un ente diverso da quello responsabile del nucleo
error-project-closed = questo progetto è già chiuso
error-project-closes-before-start = un progetto non può chiudersi prima di essere iniziato
error-project-exists = il nucleo ha già un progetto attivo in questo programma
error-pseudonymous-code = usa un codice pseudonimo, non un'e-mail né un codice fiscale: il gruppo di confronto non ha bisogno di identità
error-publication-threshold = la soglia di pubblicazione deve essere tra 2 e 100
error-quarter-not-begun = il trimestre { $quarter } non è ancora iniziato
error-quarter-number = il trimestre { $number } non esiste: un anno ha i trimestri da 1 a 4
error-registered-not-consortium = “{ $name }” è registrato, ma non come consorzio
error-registered-not-cooperative = è registrata, ma non come cooperativa
error-registration-date = con l'iscrizione è obbligatoria la data di iscrizione
error-registration-number = con l'iscrizione è obbligatorio il numero di iscrizione
error-registration-region = con l'iscrizione è obbligatoria la regione dell'albo
error-registry-cooperative-type = secondo l'anagrafe questa cooperativa è di tipo { $kind }
error-report-comment-required = indica perché la relazione torna alla cooperativa
error-report-correct-open = rigenera la relazione finché è aperta; solo le relazioni approvate richiedono una correzione
error-report-frozen = una relazione approvata è bloccata: registra invece una correzione come nuova versione
error-report-not-latest = si può correggere solo l'ultima versione di una relazione
error-report-not-submitted = questa relazione non può essere { $action ->
    [regenerated] rigenerata
    [submitted] inviata
    [approved] approvata
    [sent_back] rimandata indietro
   *[other] { $action }
  }: la cooperativa non l'ha ancora inviata
error-report-reason-required = indica perché la relazione approvata richiede una correzione
error-report-under-review = una relazione inviata non può essere { $action ->
    [regenerated] rigenerata
    [submitted] inviata
    [approved] approvata
    [sent_back] rimandata indietro
   *[other] { $action }
  }: è in revisione presso il responsabile del programma
error-required = è obbligatorio
error-required-short = è obbligatorio (al massimo 60 caratteri)
error-round-capacity-pair = “{ $value }” non è nella forma “turno:posti”
error-round-dates-overlap = le date si sovrappongono al turno { $number } ({ $start } – { $end })
error-round-ends-before-start = il turno deve terminare il giorno d'inizio o dopo
error-round-not-in-file = il turno { $number } non è in rounds.csv
error-round-not-in-programme = questo turno non appartiene al programma
error-round-number = i turni sono numerati 1, 2, 3, …
error-round-number-taken = il programma ha già un turno con questo numero
error-round-overlaps = il turno { $number } si sovrappone al turno { $other }
error-round-stored = il turno { $number } è già registrato come { $start } – { $end }
error-round-twice = il turno { $number } compare due volte
error-rule-country = { $condition ->
    [country_of_birth] paese di nascita
    [citizenship] cittadinanza
   *[other] { $condition }
  }: “{ $code }” non è un codice paese di due lettere come IT
error-rule-depth = la regola ha più di { $max } livelli annidati
error-rule-empty-list = { $condition ->
    [residence] residenza
    [country_of_birth] paese di nascita
    [citizenship] cittadinanza
    [employment_status] condizione occupazionale
   *[other] { $condition }
  }: indica almeno un valore
error-rule-isced = titolo di studio: i livelli ISCED vanno da 0 a 8
error-rule-json = la regola non è un JSON valido: { $detail }
error-rule-range = { $condition ->
    [age] età
    [household_size] ampiezza del nucleo
    [education_level] titolo di studio
   *[other] { $condition }
  }: il minimo { $min } supera il massimo { $max }
error-score-every-area = dai un punteggio a ogni area
error-sector-name = ogni settore è un nome breve (al massimo 60 caratteri, senza virgole)
error-selection-closed-on = indica la data di chiusura della selezione (non nel futuro): i follow-up si contano da lì
error-service-code = usa fino a 40 lettere minuscole, cifre, “_” o “-”, ad es. carrellista
error-service-code-taken = il catalogo del programma ha già un servizio con questo codice
error-service-code-twice = due servizi hanno il codice “{ $code }”
error-service-name-taken = dai al servizio un nome suo
error-service-not-in-programme = il servizio non è offerto in questo programma
error-social-worker-agency = il nuovo assistente sociale deve lavorare per l'ente responsabile del nucleo
error-status-recorded-on = indica la data in cui è stata rilevata la condizione
error-step-key-taken = è già usato da un altro passaggio
error-task-minutes = deve essere maggiore di 0 e al massimo { $max } minuti
error-task-needs-details = un passaggio senza sotto-passaggi è un compito: indicane il tipo, il grado e il tempo
error-task-tree-cycle = l'albero dei compiti contiene un ciclo
error-tax-code-check = l'ultimo carattere del codice fiscale non corrisponde agli altri: controlla che non ci siano errori di battitura
error-tax-code-length = un codice fiscale ha 16 lettere e cifre
error-tax-code-taken = una persona con questo codice fiscale è già registrata
error-token-name = dai al token un nome da 1 a 80 caratteri (ad es. lo script che lo usa)
error-too-long = deve essere al massimo di { $max } caratteri
error-too-many-words = deve avere al massimo { $max } parole
error-too-short = deve essere di almeno { $min } caratteri
error-two-numbers = “{ $value }”: indica due numeri come 18-64
error-unknown-account = conto sconosciuto “{ $value }”
error-unknown-choice = “{ $value }” non è tra i valori ammessi: { $expected }
error-unknown-disadvantage-category = categoria di svantaggio sconosciuta “{ $value }”; i codici sono in docs/import-format.md
error-unknown-movement-kind = tipo di movimento sconosciuto “{ $value }”
error-user-code-taken = questa cooperativa ha già un utente con questo codice
error-vat-number = non è una partita IVA valida (11 cifre con cifra di controllo)
error-vat-number-taken = un'organizzazione con questa partita IVA è già registrata
error-was-selected = il progetto di questa persona si è svolto: è stata selezionata
error-weekly-hours = deve essere maggiore di 0 e al massimo 48
error-weight-range = il peso { $value } è fuori dall'intervallo da 0 a { $max }
error-whole-members = deve essere un numero intero di componenti
error-whole-minutes = non è un numero intero di minuti
error-whole-number = deve essere un numero intero
error-whole-places = indica un numero intero di posti, ad es. 15
error-whole-units = deve essere un numero intero di unità
error-worker-code-taken = questa cooperativa ha già un lavoratore con questo codice
error-worker-or-user = deve essere lavoratore o utente
error-year-out-of-range = deve essere un anno tra il { $first } e il { $last }
error-yes-no = “{ $value }” deve essere yes o no
error-zero-posting = nessuna registrazione può essere pari a zero
error-interview-in-future = un colloquio non si può registrare prima che si sia svolto
error-document-file-missing = scegli un file da allegare (PDF, PNG o JPEG)
error-document-kind = indica che documento è: modulo firmato, certificazione di svantaggio, documento d'identità o altro
error-interview-path-done = un percorso nello stato { $state } ha già avuto i suoi colloqui; registra questo incontro senza passaggio di percorso
error-path-not-household = non è un percorso di questo nucleo
error-path-other-member = questo percorso è di un altro componente
error-unknown-field = campo sconosciuto
