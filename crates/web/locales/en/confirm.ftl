# Questions asked before an action that cannot be undone.
path-move-confirm = Move this path to "{ $state }"? The path ends and cannot be reopened; the reason is kept in its history.
closure-confirm = Close the project? Its interventions can no longer change and the closure is final; follow-ups at 6 and 12 months stay open.
allocation-accept-confirm = Accept the allocation? The week's work is fixed as shown, the hours go to the register and the allocation can no longer change.
matching-accept-confirm = Accept the kept rows? Each becomes a planned intervention in the person's project; the rows you unticked are dropped.
