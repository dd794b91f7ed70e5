package dev.kcapitokens.model.jpa;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

import jakarta.persistence.EntityManager;
import jakarta.persistence.criteria.CriteriaBuilder;
import jakarta.persistence.criteria.CriteriaQuery;
import jakarta.persistence.criteria.Predicate;
import jakarta.persistence.criteria.Root;

import org.keycloak.common.util.Time;
import org.keycloak.models.RealmModel;

import dev.kcapitokens.model.ApiTokenQuery;
import dev.kcapitokens.model.jpa.entity.ApiTokenEntity;

/** Listing and counting a realm's tokens under an {@link ApiTokenQuery}, newest first. */
final class TokenSearch {

    private final EntityManager em;

    TokenSearch(EntityManager em) {
        this.em = em;
    }

    /** A page in a stable order ({@code created_at}, then {@code id}, both descending), scopes fetched along. */
    Stream<ApiTokenEntity> page(RealmModel realm, ApiTokenQuery query, int first, int max) {
        CriteriaBuilder cb = em.getCriteriaBuilder();
        CriteriaQuery<String> ids = cb.createQuery(String.class);
        Root<ApiTokenEntity> root = ids.from(ApiTokenEntity.class);
        ids.select(root.get("id"))
                .where(filters(cb, root, realm, query))
                .orderBy(cb.desc(root.get("createdAt")), cb.desc(root.get("id")));
        List<String> page = em.createQuery(ids).setFirstResult(first).setMaxResults(max).getResultList();
        if (page.isEmpty()) {
            return Stream.empty();
        }
        // second query fetches the page with its scopes in one round trip instead of one per token
        Map<String, ApiTokenEntity> byId = new HashMap<>();
        em.createQuery("select distinct t from ApiTokenEntity t left join fetch t.scopes where t.id in :ids", ApiTokenEntity.class)
                .setParameter("ids", page)
                .getResultList()
                .forEach(entity -> byId.put(entity.getId(), entity));
        return page.stream().map(byId::get).filter(Objects::nonNull);
    }

    long count(RealmModel realm, ApiTokenQuery query) {
        CriteriaBuilder cb = em.getCriteriaBuilder();
        CriteriaQuery<Long> count = cb.createQuery(Long.class);
        Root<ApiTokenEntity> root = count.from(ApiTokenEntity.class);
        count.select(cb.count(root)).where(filters(cb, root, realm, query));
        return em.createQuery(count).getSingleResult();
    }

    private static Predicate filters(CriteriaBuilder cb, Root<ApiTokenEntity> root, RealmModel realm, ApiTokenQuery query) {
        List<Predicate> predicates = new ArrayList<>();
        predicates.add(cb.equal(root.get("realmId"), realm.getId()));
        if (query.ownerId() != null) {
            predicates.add(cb.equal(root.get("ownerId"), query.ownerId()));
        }
        if (query.search() != null && !query.search().isBlank()) {
            String pattern = "%" + query.search().toLowerCase(Locale.ROOT)
                    .replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
            predicates.add(cb.like(cb.lower(root.get("name")), pattern, '\\'));
        }
        if (query.status() != null) {
            long now = Time.currentTimeMillis();
            Predicate notRevoked = cb.isNull(root.get("revokedAt"));
            predicates.add(switch (query.status()) {
                case REVOKED -> cb.isNotNull(root.get("revokedAt"));
                case EXPIRED -> cb.and(notRevoked, cb.lessThanOrEqualTo(root.get("expiresAt"), now));
                case ACTIVE -> cb.and(notRevoked, cb.or(cb.isNull(root.get("expiresAt")), cb.greaterThan(root.get("expiresAt"), now)));
            });
        }
        return cb.and(predicates.toArray(Predicate[]::new));
    }
}
