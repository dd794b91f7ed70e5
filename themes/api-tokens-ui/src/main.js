// Boots the page: signs in, learns what the person may do (GET policy), then routes on the URL's hash.
import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { api } from './api.js';
import { me, signIn, signOut } from './auth.js';
import { config } from './config.js';
import { Alert, Button, html } from './ui.js';
import { TokenList } from './screens/token-list.js';
import { CreateToken } from './screens/create-token.js';
import { TokenDetail } from './screens/token-detail.js';
import { RealmPolicy } from './screens/realm-policy.js';

const route = () => location.hash.replace(/^#/, '') || '/';

function App({ user }) {
  const [path, setPath] = useState(route());
  const [policy, setPolicy] = useState(null);
  const [error, setError] = useState(null);
  const reloadPolicy = () => api.myPolicy().then(setPolicy, setError);
  useEffect(() => {
    const onHash = () => setPath(route());
    addEventListener('hashchange', onHash);
    reloadPolicy();
    return () => removeEventListener('hashchange', onHash);
  }, []);

  useEffect(() => {
    document.querySelector('main')?.focus();
  }, [path]);

  const tabs = [['/', 'My tokens']];
  if (policy?.may_administer) tabs.push(['/all', 'All tokens']);
  if (policy?.may_manage_policy) tabs.push(['/policy', 'Policy']);
  const tokenMatch = /^\/tokens\/([^/]+)$/.exec(path);
  const current = tokenMatch ? null : path;

  let screen;
  if (error) screen = html`<${Alert} title=${error.message} />`;
  else if (!policy) screen = html`<p>Loading…</p>`;
  else if (path === '/new') screen = html`<${CreateToken} policy=${policy} onCreated=${reloadPolicy} />`;
  else if (path === '/all' && policy.may_administer) screen = html`<${TokenList} all user=${user} policy=${policy} />`;
  else if (path === '/policy' && policy.may_manage_policy) screen = html`<${RealmPolicy} onSaved=${reloadPolicy} />`;
  else if (tokenMatch) screen = html`<${TokenDetail} id=${decodeURIComponent(tokenMatch[1])} user=${user} policy=${policy} onChanged=${reloadPolicy} />`;
  else screen = html`<${TokenList} user=${user} policy=${policy} onChanged=${reloadPolicy} />`;

  return html`<div class="pf-v5-c-page">
    <header class="pf-v5-c-masthead">
      <div class="pf-v5-c-masthead__main"><span class="pf-v5-c-masthead__brand pf-v5-u-font-size-lg pf-v5-u-color-light-100">API tokens · ${config.realm}</span></div>
      <div class="pf-v5-c-masthead__content pf-v5-u-justify-content-flex-end pf-v5-u-flex-wrap">
        <span class="pf-v5-u-color-light-100 pf-v5-u-mr-md">${user.name}</span>
        <${Button} variant="plain" class="pf-v5-c-button pf-m-plain pf-v5-u-color-light-100" onClick=${signOut}>Sign out<//>
      </div>
    </header>
    <main class="pf-v5-c-page__main" tabindex="-1" id="main">
      <section class="pf-v5-c-page__main-section pf-m-light pf-v5-u-pb-0">
        <nav class="pf-v5-c-tabs" aria-label="Sections">
          <ul class="pf-v5-c-tabs__list">
            ${tabs.map(([href, text]) => html`<li class="pf-v5-c-tabs__item ${current === href ? 'pf-m-current' : ''}">
              <a class="pf-v5-c-tabs__link" href=${`#${href}`} aria-current=${current === href ? 'page' : undefined}>
                <span class="pf-v5-c-tabs__item-text">${text}</span></a></li>`)}
          </ul>
        </nav>
      </section>
      <section class="pf-v5-c-page__main-section">${screen}</section>
    </main>
  </div>`;
}

const root = document.getElementById('app');
const show = (view) => { root.textContent = ''; render(view, root); };
signIn().then(
  () => show(html`<${App} user=${me()} />`),
  (error) => show(html`<div class="pf-v5-u-p-lg"><${Alert} title="Sign-in failed">${error.message}<//></div>`),
);
