# Help pages, in the application.
help-title = Help
help-nav = Help
help-other-topics = Other help pages
help-link = How does this work?

help-matching-title = How matching proposes places
help-matching-intro = For a whole round at once, filiera proposes which household members get which service places (course seats, internships, support slots), the best for all of them together, and says why for every person. You review it, untick what you do not want, and accept.
help-matching-what = What goes in
help-matching-what-1 = The people: members with intervention needs, their interests from the Access and Evaluation Form, their scores per area, their autonomy of movement, where they live, the languages they follow, when they are free and how long they have waited.
help-matching-what-2 = The places: each service's seats for the round, what it is about, which areas it improves, where and when it runs, in which language, and who may have it under the programme's eligibility rules.
help-matching-never = What is never broken
help-matching-never-1 = A person only gets a place they are eligible for, in a language they speak, at times they are free; a place never gets more people than its seats; a person never exceeds their maximum number of interventions, and never gets two seats of the same service in a round.
help-matching-never-2 = Two different services given to one person may still overlap in time: the project page flags such clashes.
help-matching-cost = Why this place: the cost
help-matching-cost-1 = Among all proposals that respect those rules, filiera picks the one with the lowest total cost. Every row shows its cost split in named parts; negative numbers are bonuses. A need left without a place costs 10,000 points.
help-matching-cost-interest = Interest fit (300 by default): the share of the place's topics the person is not interested in. A place fully outside their interests costs 300; one fully inside costs nothing.
help-matching-cost-gap = Employability gap (200 by default): a bonus for places that improve the areas where the person scored low. A course in Italian for someone who scored 2 out of 10 in Italian earns −160.
help-matching-cost-travel = Travel (240 per hour by default): travel time, weighted by how hard moving is for the person. An hour costs 240 for someone with no autonomy of movement and 21 for someone fully autonomous.
help-matching-cost-waiting = Waiting (5 per week by default): a bonus per week waited, so between two otherwise equal people the one who waited longer gets the seat.
help-matching-cost-fairness = Fairness across cooperatives (2 by default): each further place at the same cooperative costs a little more, spreading the work when it costs people little.
help-matching-weights = Changing the weights
help-matching-weights-1 = The programme's managers can change how much each part counts, from 0 to 1,000,000 points, on the proposal page ("Weights of the cost"); saving recomputes the proposal and the audit log keeps the old and new weights. "Back to the defaults" restores them.

help-allocation-title = How the week's work is allocated
help-allocation-intro = For a production order, filiera proposes who does which graded tasks this week, giving every available user some work before anyone gets more. The production supervisor reviews it person by person, edits units and accepts.
help-allocation-what = How it decides
help-allocation-what-1 = Work flows to people whose grade is at least the task's grade. A person may also stretch one grade above their own, for at most a share of their hours (10% by default), to learn. The first hour of work counts most for each workshop user, so work is spread before it is piled up. Work due this week is the last to be left out.
help-allocation-unassigned = Why some work stays unassigned
help-allocation-unassigned-1 = The summary at the top of the allocation says how much work stayed unassigned and why. There are three reasons:
help-allocation-unassigned-capacity = Capacity: everyone who could do the task already has all the hours they are available this week.
help-allocation-unassigned-grade = Grade: the task's grade is higher than anyone available can do, even stretching one grade above their own.
help-allocation-unassigned-hours = Hours: a unit of the task takes longer than the time anyone has left, so it cannot be split among them.
help-allocation-edit = Editing the allocation
help-allocation-edit-1 = You can change the units of any row. Each change is checked against the same rules; a change that breaks one is refused with the person's and the task's names and what went wrong, and nothing is saved. Accepting fixes the week: the hours go to the register and Type A workshops get their internal transfer in the ledger.

help-thirty-percent-title = The 30% rule and Table A
help-thirty-percent-intro = Type B and mixed social cooperatives must employ disadvantaged workers for at least 30% of their ordinary workers (Law 381/1991, art. 4). filiera shows two different figures; this page explains which is which.
help-thirty-rule = The 30% rule (compliance)
help-thirty-rule-1 = People are counted, not hours, among workers with a contract in force. Disadvantaged workers must be at least 30% of the ordinary workers, that is of the workers who are not disadvantaged. In mixed cooperatives only the staff of the Type B activity counts. Months are counted on their last day and the yearly average decides. Type A cooperatives are not subject to the rule.
help-thirty-rule-2 = So a cooperative with 10 ordinary workers needs at least 3 disadvantaged workers: its ratio is 3 / 10 = 30%, shown on the consortium page as "30% rule" with a warning when a member is below it or is forecast to fall below it.
help-thirty-table-a = Table A (the simple share)
help-thirty-table-a-1 = Table A, the consortium's yearly report, shows the simple share: disadvantaged workers out of all workers. The same cooperative with 3 disadvantaged and 10 ordinary workers shows 3 / 13 = 23% there. The two figures measure different things and are both right; compliance is always decided by the 30% rule.
