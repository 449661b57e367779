"""Function words of French and English: they carry no topic, so retrieval ignores them.

They are also cues for language detection, which is why the lists are kept per language.
Words are accent-folded and lower-case, as `terms.fold` produces them.
"""

FRENCH = frozenset(
    """
    a ai aie aient ait as au aucun aupres aussi autre autres aux avaient avait avant avec avez
    avoir avons ayant c ca ce ceci cela celle celles celui cependant ces cet cette ceux chaque chez
    ci comme comment d dans de des deja depuis dire dit dois doit donc dont du elle elles en encore
    entre es est et etaient etait ete etre eu eux fait faire fais font fut grace ici il ils j je
    jusqu jusque l la le les leur leurs lors lui m ma mais me meme memes mes moi mon n ne ni non
    nos notre nous on ont ou par parce pas peu peut peuvent plus pour pourquoi qu quand que quel
    quelle quelles quels qui quoi s sa sans se sera serait ses si sien sinon soi soit son sont sous
    sur t ta te tes toi ton tous tout toute toutes tres tu un une unes uns vers voici voila vos
    votre vous y svp stp peux pouvez pourrais pourriez combien trop assez beaucoup
    """.split()
)

ENGLISH = frozenset(
    """
    a about above after again against all am an and any are aren as at be because been before
    being below between both but by can cannot could couldn did didn do does doesn doing don down
    during each few for from further had hadn has hasn have haven having he her here hers herself
    him himself his how i if in into is isn it its itself just let me more most my myself no nor
    not now of off on once only or other our ours ourselves out over own same she should so some
    such than that the their theirs them themselves then there these they this those through to
    too under until up very was wasn we were weren what when where which while who whom whose why
    will with won would wouldn you your yours yourself yourselves s t d ll m re ve y please tell
    quite rather
    know anything something many much kind sort ever also us
    """.split()
)

STOPWORDS = FRENCH | ENGLISH
