# Los mensajes de Lupa en español. Cada id está también en en.ftl, con las mismas
# variables (lo comprueba una prueba). Términos: «índice» (la carpeta que escribe
# Lupa), «carpeta» (los artículos del usuario), «documento» (lo que encuentra una
# búsqueda). Trato de tú, como la página de búsqueda.

## La línea de órdenes: ayuda

cmd-lupa = Búsqueda de texto completo para textos en español
cmd-lupa-long =
    Búsqueda de texto completo para textos en español.

    Indexa una carpeta con `lupa index CARPETA` y busca en ella con `lupa search CONSULTA`. El índice está en `.lupa` en la carpeta actual (o en la carpeta superior más cercana que tenga uno), salvo que `--index` o `LUPA_INDEX` digan otra cosa. Los mensajes salen en español o en inglés, según el idioma del sistema (LC_ALL, LC_MESSAGES, LANG) o lo que fije `--lang`.
cmd-index = Crea el índice de una carpeta, o lo pone al día
cmd-search = Busca en el índice y muestra los resultados por relevancia
cmd-explain = Muestra cómo se lee y se analiza una consulta
cmd-analyze = Muestra los términos que el analizador de español saca de un texto
cmd-stats = Muestra cifras del índice
cmd-serve = Sirve una página de búsqueda y una API JSON por HTTP
cmd-eval = Mide la relevancia: ejecuta un archivo de consultas y lo puntúa con juicios de relevancia
cmd-completions = Escribe el guion de autocompletado de un intérprete de órdenes
cmd-man = Escribe la página de manual (roff)
cmd-help = Muestra esta ayuda o la de la orden indicada

help-usage = Uso
help-options = Opciones
help-arguments = Argumentos
help-commands = Órdenes
help-default = por omisión
help-values = valores
help-env = variable de entorno
help-more = Para saber más, prueba `{ $help }`.

arg-help = Muestra la ayuda
arg-version = Muestra la versión
arg-index = Carpeta del índice [por omisión: `.lupa` en la carpeta actual o en la superior más cercana que tenga uno]
arg-color = Cuándo usar colores (tampoco se usan si NO_COLOR está definida)
arg-lang = Idioma de los mensajes: es (español) o en (inglés) [por omisión: el del sistema]
arg-subcommand = La orden cuya ayuda se muestra
arg-index-dir = La carpeta de artículos que se indexa
arg-rebuild = Crea el índice de nuevo desde cero, junto al antiguo, que solo se sustituye cuando el nuevo está completo
arg-verbose = Lista los archivos omitidos con sus motivos
arg-max-file-size = Omite los archivos de más de tantos bytes [por omisión: 64 MiB]
arg-serve-max-file-size = Con --dir: omite los archivos de más de tantos bytes [por omisión: 64 MiB]
arg-commit-every = Confirma los cambios cada tantos archivos, para que una ejecución interrumpida conserve su trabajo
arg-follow = Sigue los enlaces simbólicos cuyo destino está dentro de la carpeta (si no, no se sigue ninguno)
arg-follow-outside = Con --follow, sigue también los enlaces que salen de la carpeta
arg-watch = Sigue vigilando la carpeta e indexa cada cambio, hasta Ctrl-C
arg-index-cluster = Después sube el índice a este clúster de Sphinx o Manticore: sphinx://HOST:PUERTO[|ESPEJO:PUERTO][,HOST:PUERTO…]/ÍNDICE (ver docs/CLUSTER.md)
arg-serve-dir = Pone al día primero el índice de esta carpeta y lo mantiene al día mientras sirve; el índice es CARPETA/.lupa si no se dice otro
arg-bind = Dirección y puerto en que escuchar; 0.0.0.0:PUERTO lo abre a otras máquinas
arg-serve-threads = Búsquedas que se ejecutan a la vez (0: una por núcleo)
arg-serve-cluster = Busca en este clúster de Sphinx o Manticore, al que subió el índice `lupa index --cluster`, en lugar del índice; el índice sigue dando los documentos, las cifras y el vocabulario de prefijos y erratas
arg-time-budget-ms = Cuánto puede esperar y durar una búsqueda antes de responderse con 503
arg-synonyms = Archivo de sinónimos: un grupo por línea, separados por comas [por omisión: synonyms.txt en la carpeta del índice si existe; si no, la lista de español de Lupa]
arg-no-synonyms = Busca sin sinónimos
arg-no-related = Busca sin las palabras que el tesauro relaciona con las de la consulta (más rápido para lotes largos de preguntas)
arg-search-query = La consulta (la sintaxis está en el README); `-` la lee de la entrada estándar
arg-limit = Cuántos resultados mostrar
arg-offset = Cuántos de los mejores resultados saltar
arg-search-json = Escribe un objeto JSON en lugar de texto
arg-search-cluster = Busca en este clúster de Sphinx o Manticore, al que subió el índice `lupa index --cluster`; el índice local sigue ampliando prefijos y erratas
arg-all = Las palabras seguidas tienen que coincidir todas
arg-any = Basta con que coincida alguna de las palabras seguidas (lo habitual)
arg-lenient = Busca lo que se pueda sacar de una consulta mal escrita, en lugar de fallar
arg-search-queries = Ejecuta cada consulta de un archivo de líneas `id<TAB>consulta`
arg-format = Formato de salida de --queries: trec (líneas `id Q0 ruta puesto puntuación lupa`) o json (un objeto por consulta y línea)
arg-search-threads = Hilos que ejecutan --queries (0: uno por núcleo); la salida es la misma
arg-search-dir = Pone al día primero el índice de esta carpeta (rápido si nada cambió); el índice es CARPETA/.lupa si no se dice otro
arg-sort = Orden de los resultados: score (los mejores primero), -date (los más recientes primero) o date (los más antiguos primero); los que no tienen fecha van al final
arg-since = Solo documentos con fecha FECHA o posterior (2021, 2021-07, 2021-07-26, 26/07/2021)
arg-until = Solo documentos con fecha FECHA o anterior (2021 llega hasta el 2021-12-31)
arg-facets = Cuenta los documentos encontrados por fuente y/o año: `--facets source,year`
arg-explain-query = La consulta
arg-json = Escribe JSON
arg-text = El texto
arg-shell = El intérprete de órdenes
arg-eval-queries = Consultas: líneas `id<TAB>consulta` (se saltan las vacías y las que empiezan por `#`)
arg-qrels = Juicios de relevancia: líneas TREC `id 0 documento grado` o `id<TAB>documento[,documento…]`
arg-eval-json = Escribe las cifras como un objeto JSON
arg-per-query = Escribe las medidas de cada consulta en ARCHIVO (TSV con una línea de cabecera)
arg-run = Escribe las clasificaciones en ARCHIVO como una ejecución TREC (`id Q0 documento puesto puntuación lupa`)

# Los marcadores de los valores en el uso y la ayuda (`--index <RUTA>`).
value-addr-port = DIRECCIÓN:PUERTO
value-bytes = BYTES
value-date = FECHA
value-dir = CARPETA
value-file = ARCHIVO
value-files = ARCHIVOS
value-lang = IDIOMA
value-list = LISTA
value-ms = MS
value-n = N
value-url = URL
value-order = ORDEN
value-path = RUTA
value-when = CUÁNDO
value-tsv = TSV
value-query = CONSULTA
value-text = TEXTO
value-shell = INTÉRPRETE
value-limit = NÚMERO
value-offset = NÚMERO
value-format = FORMATO
value-command = ORDEN
value-subcommand = ORDEN

man-name = NOMBRE
man-synopsis = SINOPSIS
man-description = DESCRIPCIÓN
man-options = OPCIONES
man-commands = ÓRDENES
man-version = VERSIÓN
man-authors = AUTORES
man-extra = MÁS

## La línea de órdenes: errores en los argumentos

clap-error = error:
clap-unknown-argument = argumento inesperado `{ $arg }`
clap-similar = hay uno parecido: `{ $similar }`
clap-invalid-subcommand = orden desconocida `{ $arg }`
clap-invalid-value = valor no válido `{ $value }` para `{ $arg }`
clap-valid-values = valores posibles: { $values }
clap-missing-value = `{ $arg }` necesita un valor
clap-missing-required = faltan estos argumentos: { $arg }
clap-conflict = `{ $arg }` no puede usarse con `{ $other }`
clap-bad-value = valor no válido `{ $value }` para `{ $arg }`: { $reason }
clap-too-many = valor inesperado `{ $value }` para `{ $arg }`
clap-missing-command = `lupa` necesita una orden
clap-other = no se pueden leer los argumentos ({ $reason })
sort-expected = se esperaba score, date (los más antiguos primero) o -date (los más recientes primero)
facet-expected = se esperaba source o year
lang-expected = se esperaba es o en
date-expected-one = se esperaba una sola fecha, como 2021-07-26

## La línea de órdenes: indexar

progress-files = archivos
progress-committing = confirmando
summary = { $dir }: { $added } añadidos, { $updated } actualizados, { $removed } quitados, { $unchanged } sin cambios, { $skipped } omitidos ({ $documents } documentos escritos) en { $seconds } s; índice { $index }
warnings-summary = { $count ->
    [one] 1 aviso: se dejó fuera parte de un archivo o se ignoró una fecha; --verbose lo muestra
   *[other] { $count } avisos: se dejaron fuera partes de archivos o se ignoraron fechas; --verbose los muestra
}
too-large = { $count ->
    [one] Se dejó fuera 1 archivo mayor que el límite de { $limit }: { $names }; `--max-file-size { $largest }` lo incluye
   *[other] Se dejaron fuera { $count } archivos mayores que el límite de { $limit }: { $names }; `--max-file-size { $largest }` los incluye
}
and-more = y { $count } más
skipped-line = omitido { $what }
warning-line = aviso { $what }
pushed = { $cluster }: { $written } pasajes escritos, { $deleted } borrados, { $unchanged } sin cambios; las estadísticas de los nodos están en { $idf } (el archivo global_idf de cada nodo: cópialo allí y reinicia el nodo)
cluster-no-sort-or-facets = una búsqueda en un clúster ordena por puntuación y no cuenta facetas: quita --sort y --facets
watching = vigilando los cambios de { $dir } (Ctrl-C para)
sync-failed = falló la puesta al día; se vuelve a intentar: { $reason }
serving = Lupa sirve { $index } en { $url } (Ctrl-C para)

## La línea de órdenes: buscar

no-results = Ningún resultado para { $query }
did-you-mean = ¿Quisiste decir: { $suggestion }?
hit-score = puntuación { $score }
date-from-file = { $date } (archivo)
results-range = { $first }–{ $last } de { $total ->
    [one] { $total } resultado
   *[other] { $total } resultados
}
facet-source = fuente
facet-year = año
facet-none = (ninguno)
cannot-read-query = no se puede leer la consulta de la entrada estándar
cannot-read-queries = no se puede leer el archivo de consultas { $path }
query-failed = { $file }: línea { $line }, consulta { $qid }: { $error }

## La línea de órdenes: analyze, explain, stats, eval

analyze-position = posición
analyze-original = original
analyze-indexed = indexado
stop-word = (palabra vacía)
explain-query = consulta
explain-parsed = leída
explain-word = palabra
explain-phrase = frase
explain-prefix = prefijo
explain-fuzzy = aproximada
explain-in-documents = { $count ->
    [one] en 1 documento
   *[other] en { $count } documentos
}
explain-note-prefix = palabras sin reducir a su raíz que empiezan por el último término, como mucho { $max }
explain-note-fuzzy = { $distance ->
    [one] palabras sin reducir a su raíz a 1 cambio como mucho
   *[other] palabras sin reducir a su raíz a { $distance } cambios como mucho
}
explain-note-tokens = varios términos: se buscan como frase
explain-note-stop-word = palabra vacía: se ignora fuera de las frases
explain-note-slop = { $slop ->
    [one] las palabras pueden estar a 1 movimiento como mucho
   *[other] las palabras pueden estar a { $slop } movimientos como mucho
}
explain-typo = en ningún documento; la palabra más parecida
explain-name = nombre; también su grafía más parecida
explain-related = palabras relacionadas (tesauro)
explain-synonyms = sinónimos
matching-documents = { $count ->
    [one] 1 documento coincide
   *[other] { $count } documentos coinciden
}
stats-index = índice
stats-folder = carpeta
stats-none-yet = (ninguna aún)
stats-documents = documentos
stats-files = archivos
stats-terms = términos
stats-size = tamaño
stats-segments = segmentos
stats-dates = fechas
stats-date-range = del { $first } al { $last }
stats-last-sync = puesto al día
stats-never = nunca
stats-analyzer = analizador
stats-analyzer-version = versión { $version }
eval-queries = consultas
eval-queries-judged = { $count } con algún documento relevante
eval-failed = fallidas
eval-unanswered = sin respuesta
eval-wall-time = tiempo
eval-wall = { $seconds } s para { $count } consultas ({ $each } ms cada una)
eval-no-relevant = { $path }: ninguna consulta tiene un documento relevante (de grado 1 o más)
cannot-write = no se puede escribir { $path }

## Errores

error-prefix = lupa:
caused-by = causa: { $cause }
hint-line = pista: { $hint }
internal-error = error interno: { $what }
report-bug = es un fallo de Lupa; avísanos, por favor, con la orden que ejecutaste
not-a-folder = no es una carpeta
error-only-stop-words = la consulta `{ $query }` solo tiene palabras vacías (como `de`, `la`, `y`); añade una palabra con contenido o ponla entre comillas como frase
error-index-not-found = no hay ningún índice en { $path }: créalo con `lupa index <CARPETA>`
error-incompatible-version = el índice de { $path } se creó con la versión { $found } del analizador, y este Lupa usa la { $expected }: vuelve a crearlo con `lupa index --rebuild <CARPETA>`
error-foreign-folder = { $path } no está vacía y no es un índice de Lupa (contiene { $entries }); Lupa solo escribe un índice en una carpeta nueva o vacía, y nunca borra archivos que no escribió: elige otra carpeta para el índice (`--index RUTA`)
error-index-exists = ya hay un índice en { $path }: ponlo al día con `lupa index <CARPETA>`, o sustitúyelo con `lupa index --rebuild <CARPETA>`
index-state = el índice sigue como en su última confirmación
index-state-counted = el índice sigue como en su última confirmación ({ $documents } documentos)
error-write-full = no queda espacio en el disco al escribir el índice de { $path }; { $state }; libera espacio y vuelve a ejecutar `lupa index`
error-write-permission = sin permiso para escribir el índice de { $path }; { $state }; da permiso de escritura a este usuario o indexa en otra carpeta (`--index RUTA`)
error-write-read-only = el índice de { $path } está en un sistema de archivos de solo lectura; { $state } y se puede seguir buscando en él; para ponerlo al día, indexa en una carpeta con permiso de escritura (`--index RUTA`)
error-write-other = falló la escritura del índice de { $path }; { $state }; vuelve a ejecutar `lupa index` (la siguiente ejecución quita lo que esta dejó a medias)
error-locked = el índice de { $path } está bloqueado por otro proceso que escribe en él (archivo de bloqueo { $lock }); espera a que termine el otro `lupa index`
error-corrupt = el índice de { $path } está dañado ({ $reason }): vuelve a crearlo con `lupa index --rebuild <CARPETA>`
error-bad-folder = no se puede indexar { $path }: { $reason }
error-io = { $path }: { $reason }
error-engine = error del motor de búsqueda: { $reason }

query-unclosed-quote = unas comillas no se cierran
query-unclosed-quote-hint = ciérralas con otra `"`
query-unbalanced-open = un `(` no se cierra
query-unbalanced-open-hint = cierra con `)` el grupo que se abre aquí
query-unbalanced-close = sobra un `)`: no hay ningún grupo abierto
query-unbalanced-close-hint = quítalo, o abre el grupo con `(`
query-missing-operand = a `{ $span }` le falta la palabra a la que se aplica
query-missing-operand-hint = pon una palabra junto a `{ $span }`, o quítalo
query-empty = consulta vacía: no hay nada que buscar
query-empty-hint = escribe una palabra o una frase entre comillas
query-empty-group = hay un grupo vacío
query-empty-group-hint = pon algo entre los paréntesis, o quítalos
query-empty-phrase = hay una frase vacía
query-empty-phrase-hint = pon palabras entre las comillas, o quítalas
query-bad-number = `{ $span }` no es un número que pueda ir tras `~`
query-bad-number-hint = `palabra~1` o `palabra~2` para palabras de grafía parecida (2 cambios como mucho); `"frase"~3` para palabras cercanas
query-dangling-escape = la `\` del final no escapa nada
query-dangling-escape-hint = escribe `\\` para buscar una barra invertida
query-too-deep = la consulta anida demasiados niveles
query-too-deep-hint = quita paréntesis, `NOT` o campos
query-too-long = la consulta es demasiado larga ({ $chars } caracteres)
query-too-long-hint = acórtala
query-bad-date = `{ $span }` no es una fecha
query-bad-date-hint = escribe una fecha como `2021`, `2021-07`, `2021-07-26` o `26/07/2021`, un límite como `>=2021-07-01` o un intervalo como `[2021-01-01 TO 2021-06-30]`
query-unknown-field = `{ $span }` no es un campo, así que se busca como parte de una palabra
query-unknown-field-hint = ¿querías decir el campo `{ $known }`?

skip-binary = archivo binario (no es texto)
skip-undecodable = no se puede descodificar el texto (bytes no válidos en su codificación)
skip-too-large = archivo demasiado grande ({ $size } bytes; el límite es { $limit } bytes)
skip-unreadable = no se puede leer: { $reason }
skip-vanished = el archivo desapareció antes de poder leerlo
skip-bad-line = línea { $line }: { $reason }
skip-bad-date = fecha ilegible { $value }, ignorada
skip-bad-date-line = línea { $line }: fecha ilegible { $value }, ignorada
skip-damaged = no es un archivo { $format } legible: { $reason }
skip-no-text-layer = sin capa de texto (un PDF escaneado sin texto reconocido)
skip-encrypted = cifrado (protegido con contraseña)
skip-empty = no hay texto que indexar (archivo vacío)
skip-symlink-loop = bucle de enlaces simbólicos (vuelve a { $ancestor })
skip-symlink-not-followed = enlace simbólico, no seguido (`--follow` sigue los enlaces que no salen de la carpeta)
skip-outside-folder = enlace simbólico que sale de la carpeta, no seguido (`--follow-outside` lo sigue)
skip-broken-symlink = enlace simbólico roto
skip-not-regular = no es un archivo normal
skip-path-collision = otro nombre de archivo se muestra con la misma ruta (nombres que no son UTF-8 válido)

## La página de búsqueda de `lupa serve`

page-skip = Saltar al contenido
page-search = Buscar
page-placeholder = Buscar en los documentos
page-all-words = Todas las palabras
page-syntax = Sintaxis:
page-syntax-title = título:irak
page-api = API JSON
page-documents = { $count ->
    [one] { $shown } documento en el índice.
   *[other] { $shown } documentos en el índice.
}
page-intro = Escribe palabras o una pregunta; las tildes, las mayúsculas y las formas de las palabras no importan («retirar» encuentra «retirada»).
page-no-results = No hay resultados para «{ $query }».
page-no-more = No hay más resultados: { $total } en total.
page-range = { $first }–{ $last } de { $total } { $count ->
    [one] resultado
   *[other] resultados
}
page-did-you-mean = ¿Quisiste decir:
page-did-you-mean-end = ?
page-pages = Páginas de resultados
page-previous = ← Anterior
page-next = Siguiente →
page-page-of = Página { $current } de { $pages }
page-months = ene feb mar abr may jun jul ago sep oct nov dic
page-date-from-file = { $date } (fecha del archivo)
page-invalid-title = Consulta no válida
page-invalid = La consulta no es válida
page-where = Dónde está el problema
page-hint = Pista:
page-too-long = La consulta tiene { $chars } caracteres; el máximo es { $max }.
page-too-long-hint = acórtala.
page-too-many-expansions = La consulta tiene { $found } palabras con comodín o aproximadas (como «retir*» o «Irak~1»); el máximo es { $max }.
page-too-many-expansions-hint = quita algunas.
page-only-stop-words = La consulta solo tiene palabras vacías, como «de», «la» o «y».
page-only-stop-words-hint = añade una palabra con contenido, o ponla entre comillas para buscarla como frase.
page-bad-address = La dirección no es válida: { $reason }.
page-not-found-title = No encontrado
page-not-found = No hay ningún documento ni página con esta dirección.
page-busy-title = Servidor ocupado
page-busy = Hay demasiadas búsquedas en espera; vuelve a intentarlo dentro de un momento.
page-slow-title = Búsqueda demasiado lenta
page-slow = La búsqueda no terminó en { $seconds } s; simplifica la consulta.
page-internal-title = Error del servidor
page-internal = Algo falló al buscar: { $reason }
page-back = Volver a la búsqueda
page-back-to-search = ← Volver a la búsqueda
page-back-to-results = ← Volver a los resultados de «{ $query }»
page-matches = { $count ->
    [one] { $shown } coincidencia
   *[other] { $shown } coincidencias
}
page-first-match = Ir a la primera
