# Guided entry in Spanish (LANG=es_SV.UTF-8): Spanish prompts, progress and
# review; answers given as Spanish labels and country names (México, Estados
# Unidos, EEUU, sí, mujer, "amenaza de pandillas") are stored as the codes an
# English entry stores; accented text (á, ñ) is stored byte for byte.
. "$(dirname "$0")/lib.bash"
export XDG_STATE_HOME="$WORK/state"

answers() {
    printf '%s\n' \
        "" \
        R01 2018-03-20 PNR \
        "Ána Núñez" mujer 1990 "" familia \
        "El Salvador" "" \
        2016-03 "amenaza de pandillas,extorsión" pandilla sí "sin respuesta" \
        s Méxco México 2016-04 tránsito n n "" \
        s "Estados Unidos" 2016-05 destino s s s s "miedo creíble" negada n 2016-09 "sin representación, detención prolongada" \
        n \
        s 2016-10 EEUU SLV "remoción con orden" n n \
        n \
        s amenaza 2017-01 pandilla s alegado s1 \
        n escondida 2017-06 \
        s "" entrevista 2017-06 "" \
        n s "citas anon" 2017-06 "Me amenazaron en la colonia; el señor de la tienda vio todo." . "" "pnr-2017, prueba" completo \
        s
}

run init --db cases.db
printf '%s' "$(answers)" | LANG=es_SV.UTF-8 "$CASEBOOK" create --interactive --db cases.db >"$WORK/.out" 2>"$WORK/.err"
CODE=$?
OUT=$(cat "$WORK/.out")
ERR=$(cat "$WORK/.err")
expect_code 0 "guided create in Spanish"
expect_out "SLV-0001" "the assigned id"
expect_err_contains "casebook: digitación guiada de un caso nuevo." "the introduction is in Spanish"
expect_err_contains "[Huida · sección 5 de 14 · pregunta 12]" "the progress line is in Spanish"
expect_err_contains "   1. female = mujer" "choices show their Spanish labels"
expect_err_contains "sexo [1-4]:   = female (mujer)" "a label typed is echoed as the code it stands for"
expect_err_contains '"Méxco" no es un país que casebook conozca: ¿quiso decir México (MEX)' "did-you-mean in Spanish, with the Spanish name"
expect_err_contains "¿Pasó algo con el asilo en México? [s/N]" "the asylum block of a leg is one question"
expect_err_contains "¿Agregar un tramo del recorrido más? [s/N]" "another leg, in Spanish"
expect_err_contains "desde [código o nombre] [USA] (obligatorio):   = USA (Estados Unidos)" "EEUU is the United States"
expect_err_contains "   10. /flight/reasons: gang_threat (amenaza de pandillas), extortion (extorsión)" "the review lists labels"
expect_err_contains "    4. /person/pseudonym: (sensible, 9 caracteres)" "the review counts characters, not bytes"
expect_err_contains "¿Guardar este caso? [S/n] (o el número de la respuesta que quiere cambiar)" "the review asks in Spanish"
expect_err_contains "Guardado como SLV-0001." "saved, in Spanish"
case "$ERR" in *"Ána"*) fail "the pseudonym was echoed on stderr" ;; esac

run show SLV-0001 --db cases.db --format json
expect_code 0 "show the Spanish case"
expect_out '{
  "schema_version": "1",
  "id": "SLV-0001",
  "status": "complete",
  "recorded": {
    "by": "R01",
    "date": "2018-03-20",
    "project": "PNR"
  },
  "person": {
    "pseudonym": "Ána Núñez",
    "sex": "female",
    "birth_year": 1990,
    "traveled_with": "family"
  },
  "origin": {
    "country": "SLV"
  },
  "flight": {
    "date": "2016-03",
    "reasons": [
      "gang_threat",
      "extortion"
    ],
    "persecutors": [
      "gang"
    ],
    "sought_protection_at_home": true,
    "home_failures": [
      "no_response"
    ]
  },
  "journey": [
    {
      "country": "MEX",
      "entered": "2016-04",
      "role": "transit",
      "detained": false
    },
    {
      "country": "USA",
      "entered": "2016-05",
      "role": "destination",
      "detained": true,
      "asylum": {
        "fear_expressed": true,
        "sought": true,
        "procedure": "credible_fear",
        "outcome": "denied",
        "represented": false,
        "decided": "2016-09"
      },
      "failures": [
        "no_legal_representation",
        "prolonged_detention"
      ]
    }
  ],
  "returns": [
    {
      "date": "2016-10",
      "from": "USA",
      "to": "SLV",
      "mechanism": "removal",
      "pending_claim": false,
      "unaccompanied_minor": false
    }
  ],
  "after_return": {
    "harms": [
      {
        "type": "threat",
        "date": "2017-01",
        "perpetrator": "gang",
        "same_persecutor": true,
        "verification": "alleged",
        "sources": [
          "s1"
        ]
      }
    ],
    "situation": [
      "in_hiding"
    ],
    "last_contact": "2017-06"
  },
  "sources": [
    {
      "id": "s1",
      "type": "interview",
      "date": "2017-06"
    }
  ],
  "consent": {
    "obtained": true,
    "scope": "anonymised_quotes",
    "date": "2017-06"
  },
  "narrative": "Me amenazaron en la colonia; el señor de la tienda vio todo.",
  "tags": [
    "pnr-2017",
    "prueba"
  ]
}' "Spanish answers are stored as codes; accented text byte for byte"

# The accented text is the UTF-8 the researcher typed (NFC á = C3 A1, ñ = C3 B1).
sqlite3 cases.db "SELECT hex(json_extract(h.doc, '$.person.pseudonym')) FROM cases c JOIN history h ON h.rev = c.version WHERE c.id = 'SLV-0001'" >"$WORK/hex"
[ "$(cat "$WORK/hex")" = "$(printf 'Ána Núñez' | od -An -tx1 | tr -d ' \n' | tr a-f A-F)" ] ||
    fail "the pseudonym's bytes differ: $(cat "$WORK/hex")"
finish
